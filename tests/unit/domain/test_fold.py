"""The fold: each event counts once, whatever the order or number of deliveries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from outreach_contract.v1 import RecordedEvent
from outreach_contract.v1 import events as ev
from outreach_domain import apply, apply_all, empty_state, restrict
from tests.support.factories import event, recorded, sent

BASE = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def _history(size: int) -> list[RecordedEvent]:
    return [
        recorded(
            sent(f"contact-{i % 7}", occurred_at=BASE + timedelta(hours=5 * i)), position=i + 1
        )
        for i in range(size)
    ]


histories = st.integers(min_value=1, max_value=25).map(_history)


@given(histories, st.data())
@settings(max_examples=60, deadline=None)
def test_delivering_any_event_twice_leaves_the_state_unchanged(
    history: list[RecordedEvent], data: st.DataObject
) -> None:
    once = apply_all(empty_state("acme", "cand-1"), history)
    again = data.draw(st.sampled_from(history))
    assert apply(once, again) == once
    assert apply(once, again) is once


@given(histories, st.randoms())
@settings(max_examples=60, deadline=None)
def test_one_batch_or_one_by_one_in_any_order_gives_the_same_state(
    history: list[RecordedEvent], rnd: object
) -> None:
    batch = apply_all(empty_state("acme", "cand-1"), history)
    shuffled = list(history) * 2
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    state = empty_state("acme", "cand-1")
    for item in shuffled:
        state = apply(state, item)
    assert state == batch
    assert [f.event.occurred_at for f in state.facts] == sorted(
        f.event.occurred_at for f in state.facts
    )


def test_an_event_of_another_candidate_is_refused() -> None:
    stranger = recorded(sent("c", candidate_id="someone-else"))
    with pytest.raises(ValueError, match="someone-else"):
        apply(empty_state("acme", "cand-1"), stranger)


def test_restrict_keeps_what_occurred_by_the_local_day_and_was_known_in_time() -> None:
    register = recorded(
        event(
            "candidate.registered",
            {"country": "US", "timezone": "America/Los_Angeles"},
            occurred_at="2026-10-01T12:00:00Z",
        ),
        received_at=datetime(2026, 10, 1, 12, tzinfo=UTC),
    )
    # 03:00 UTC on 6 Oct is still 5 Oct in Los Angeles.
    late_evening = recorded(
        sent("c1", occurred_at="2026-10-06T03:00:00Z"),
        received_at=datetime(2026, 10, 9, tzinfo=UTC),
    )
    next_day = recorded(
        sent("c2", occurred_at="2026-10-06T18:00:00Z"),
        received_at=datetime(2026, 10, 7, tzinfo=UTC),
    )
    state = apply_all(empty_state("acme", "cand-1"), [register, late_evening, next_day])

    as_of_fifth = restrict(state, date(2026, 10, 5))
    assert as_of_fifth.event_ids == {
        register.event.event_id.__str__(),
        str(late_evening.event.event_id),
    }
    known_on_eighth = restrict(state, date(2026, 10, 6), datetime(2026, 10, 8, tzinfo=UTC))
    assert str(late_evening.event.event_id) not in known_on_eighth.event_ids
    assert str(next_day.event.event_id) in known_on_eighth.event_ids


def test_state_survives_its_json_encoding() -> None:
    state = apply_all(empty_state("acme", "cand-1"), _history(5))
    from outreach_domain import CandidateState

    assert CandidateState.model_validate_json(state.model_dump_json()) == state


def _registered(zone: str, at: str, received: str | None = None) -> RecordedEvent:
    return recorded(
        event("candidate.registered", {"country": "US", "timezone": zone}, occurred_at=at),
        received_at=datetime.fromisoformat(received or at),
    )


def test_a_later_move_to_another_time_zone_does_not_change_an_earlier_cut() -> None:
    # The case that exposed it: 03:00 UTC on 6 Oct is 5 Oct in Los Angeles, where the
    # candidate lived then; a move to Tokyo registered on 20 Oct must not make it 6 Oct.
    la = _registered("America/Los_Angeles", "2026-10-01T12:00:00+00:00")
    evening = recorded(sent("c1", occurred_at="2026-10-06T03:00:00Z"))
    tokyo = _registered("Asia/Tokyo", "2026-10-20T00:00:00+00:00")
    before = apply_all(empty_state("acme", "cand-1"), [la, evening])
    after = apply(before, tokyo)
    assert (
        restrict(after, date(2026, 10, 5)).event_ids
        == restrict(before, date(2026, 10, 5)).event_ids
    )
    assert str(evening.event.event_id) in restrict(after, date(2026, 10, 5)).event_ids
    assert after.local_date(evening.event.occurred_at) == date(2026, 10, 5)
    # Near miss: an event after the move falls on Tokyo's day.
    late = datetime(2026, 10, 21, 20, tzinfo=UTC)  # 22 Oct in Tokyo
    assert after.local_date(late) == date(2026, 10, 22)
    assert str(after.timezone_at(late)) == "Asia/Tokyo"


def test_a_registration_made_after_as_of_moves_no_day_of_the_cut() -> None:
    # The first registration, in Tokyo, comes after as_of: the days before it are cut in
    # UTC, as they were before that registration existed.
    evening = recorded(sent("c1", occurred_at="2026-10-05T20:00:00Z"))  # 6 Oct in Tokyo
    tokyo = _registered("Asia/Tokyo", "2026-10-10T00:00:00+00:00")
    without = apply_all(empty_state("acme", "cand-1"), [evening])
    with_it = apply(without, tokyo)
    as_of = date(2026, 10, 5)
    assert restrict(with_it, as_of).event_ids == restrict(without, as_of).event_ids
    assert str(evening.event.event_id) in restrict(with_it, as_of).event_ids


def test_known_at_uses_the_time_zone_known_then() -> None:
    la = _registered("America/Los_Angeles", "2026-10-01T12:00:00+00:00")
    evening = recorded(
        sent("c1", occurred_at="2026-10-06T03:00:00Z"),
        received_at=datetime(2026, 10, 6, 4, tzinfo=UTC),
    )
    # A back-dated registration in Tokyo, received only on 30 Oct.
    tokyo = _registered("Asia/Tokyo", "2026-10-02T00:00:00+00:00", "2026-10-30T00:00:00+00:00")
    state = apply_all(empty_state("acme", "cand-1"), [la, evening, tokyo])
    known_then = restrict(state, date(2026, 10, 5), datetime(2026, 10, 7, tzinfo=UTC))
    assert str(evening.event.event_id) in known_then.event_ids
    assert str(evening.event.event_id) not in restrict(state, date(2026, 10, 5)).event_ids


def test_a_registration_without_a_time_zone_keeps_the_one_on_record() -> None:
    la = _registered("America/Los_Angeles", "2026-10-01T12:00:00+00:00")
    again = recorded(
        event("candidate.registered", {"country": "US"}, occurred_at="2026-10-03T12:00:00Z")
    )
    state = apply_all(empty_state("acme", "cand-1"), [la, again])
    assert state.local_date(datetime(2026, 10, 6, 3, tzinfo=UTC)) == date(2026, 10, 5)


def test_events_by_type_come_oldest_first_and_a_base_class_finds_them_all() -> None:
    later = recorded(event("outreach.sent", {"contact_id": "b", "channel": "email"},
                           occurred_at="2026-09-02T10:00:00+00:00"))  # fmt: skip
    earlier = recorded(event("contact.added", {"contact_id": "a", "company": "Initech"},
                             occurred_at="2026-09-01T10:00:00+00:00"))  # fmt: skip
    state = apply_all(empty_state("acme", "cand-1"), [later, earlier])
    assert [e.type for e in state.of_type(ev.OutreachSent)] == ["outreach.sent"]
    assert [type(e).__name__ for e in state.of_type(BaseModel)] == ["ContactAdded", "OutreachSent"]
