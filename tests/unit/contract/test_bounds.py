"""Every occurred_at a partner submits lies within the bounds: from the configured floor
(1990-01-01 by default) to a day ahead. Recorded history is never held to either."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from outreach_contract.v1 import EventBatch, RecordedEvent, bounds
from tests.support.factories import recorded, sent


@pytest.fixture(autouse=True)
def default_bounds() -> Iterator[None]:
    yield
    bounds.configure(bounds.DEFAULT_EARLIEST)


def _faults(*occurred: str) -> list[tuple[tuple[object, ...], str, str]]:
    events = [sent(f"c{i}", occurred_at=when) for i, when in enumerate(occurred)]
    with pytest.raises(ValidationError) as caught:
        EventBatch.model_validate({"events": events})
    return [(e["loc"], e["type"], e["msg"]) for e in caught.value.errors()]


@pytest.mark.parametrize(
    "occurred_at",
    ["0001-01-01T00:00:00+05:00", "1800-06-01T12:00:00Z", "1989-12-31T23:59:59+00:00"],
)
def test_an_event_before_the_floor_is_refused_naming_its_index_and_field(
    occurred_at: str,
) -> None:
    ok = "2026-10-01T09:00:00Z"
    assert _faults(ok, occurred_at) == [
        (
            ("events", 1, "occurred_at"),
            "date_out_of_range",
            "is before 1990-01-01, the earliest date accepted",
        )
    ]


def test_every_event_out_of_range_is_named() -> None:
    faults = _faults("1900-01-01T00:00:00Z", "2026-10-01T09:00:00Z", "1950-01-01T00:00:00Z")
    assert [loc for loc, _, _ in faults] == [
        ("events", 0, "occurred_at"),
        ("events", 2, "occurred_at"),
    ]


def test_the_floor_itself_and_a_day_ahead_are_accepted() -> None:
    soon = (datetime.now(UTC) + timedelta(hours=23)).isoformat()
    batch = {"events": [sent("a", occurred_at="1990-01-01T00:00:00Z"), sent("b", occurred_at=soon)]}
    assert len(EventBatch.model_validate(batch).events) == 2


def test_the_floor_is_the_configured_one() -> None:
    bounds.configure(date(2020, 1, 1))
    [(_, _, message)] = _faults("2019-12-31T12:00:00Z")
    assert message == "is before 2020-01-01, the earliest date accepted"


def test_recorded_history_is_read_whatever_the_floor() -> None:
    # An event accepted before the floor existed (or before it was raised) stays readable:
    # refusing it on read would stop every reader of the log, the poison in another place.
    old = recorded(sent("a", occurred_at="0001-01-01T00:00:00+05:00"))
    again = RecordedEvent.model_validate_json(old.model_dump_json(by_alias=True))
    assert again == old


def test_recorded_history_is_read_whatever_the_clock() -> None:
    # Accepted by an intake whose clock ran ahead of this reader's by more than a day: the
    # projection and a replay must read it all the same, not stop on it.
    ahead = recorded(sent("a", occurred_at=(datetime.now(UTC) + timedelta(days=3)).isoformat()))
    again = RecordedEvent.model_validate_json(ahead.model_dump_json(by_alias=True))
    assert again == ahead


def test_days_and_moments_out_of_range_say_why() -> None:
    limits, today = bounds.TimeBounds(), date(2026, 11, 2)
    assert limits.day_problem(date(1, 1, 1), today) == (
        "is before 1990-01-01, the earliest date accepted"
    )
    assert limits.day_problem(date(9999, 12, 31), today) == (
        "is after 2027-11-03, more than a year ahead"
    )
    assert limits.day_problem(date(1990, 1, 1), today) is None
    assert limits.day_problem(date(2027, 11, 3), today) is None
    far = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    assert limits.moment_problem(far) == "is more than a day in the future"
