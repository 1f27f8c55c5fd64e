from datetime import UTC, datetime, timedelta

import pytest

from outreach_webhooks.backoff import DEFAULT_SCHEDULE, JITTER, Schedule, parse

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_the_default_schedule_retries_for_more_than_a_day() -> None:
    schedule = Schedule()
    assert schedule.total_seconds >= 24 * 3600
    assert list(schedule.waits) == sorted(schedule.waits)  # waits only grow


def test_each_failed_attempt_waits_its_step_stretched_by_at_most_the_jitter() -> None:
    schedule = Schedule((5.0, 30.0))
    assert schedule.next_attempt(1, NOW, jitter=lambda: 0.0) == NOW + timedelta(seconds=5)
    latest = schedule.next_attempt(2, NOW, jitter=lambda: 1.0)
    assert latest == NOW + timedelta(seconds=30 * (1 + JITTER))


def test_after_the_last_step_the_delivery_is_given_up() -> None:
    schedule = Schedule((5.0, 30.0))
    assert schedule.max_attempts == 3
    assert schedule.next_attempt(3, NOW) is None


def test_no_schedule_means_one_attempt() -> None:
    assert Schedule(()).next_attempt(1, NOW) is None


def test_a_schedule_is_read_from_comma_separated_seconds() -> None:
    assert parse("0.5, 2,10") == Schedule((0.5, 2.0, 10.0))
    assert parse(",".join(str(w) for w in DEFAULT_SCHEDULE)) == Schedule()


@pytest.mark.parametrize("text", ["5,-1", "five"])
def test_a_bad_schedule_is_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  (float's and ours)
        parse(text)
