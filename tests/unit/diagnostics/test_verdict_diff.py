"""What a fresh diagnosis changes in stored verdicts (``verdict_diff``): pure logic."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from outreach_diagnostics.verdict_diff import (
    Change,
    Verdicts,
    Version,
    changes,
    is_stale,
    local_today,
    next_local_midnight,
    rules_key,
    supersedes,
)

DAY = date(2026, 11, 2)
V1 = Version(5, DAY, "2026-12-01.1")


def verdicts(version: Version = V1, **statuses: str) -> Verdicts:
    return Verdicts(version, statuses, dict.fromkeys(statuses, 0.5))


def test_a_first_verdict_is_a_change_from_null_for_every_reason() -> None:
    found = changes(None, verdicts(presentation="problem", wrong_season="ok"))
    assert found == [
        Change("presentation", None, "problem"),
        Change("wrong_season", None, "ok"),
    ]


def test_unchanged_statuses_make_no_change_and_a_moved_one_makes_one() -> None:
    before = {"presentation": "problem", "wrong_season": "ok"}
    assert changes(before, verdicts(presentation="problem", wrong_season="ok")) == []
    moved = changes(before, verdicts(presentation="ok", wrong_season="ok"))
    assert moved == [Change("presentation", "problem", "ok")]


def test_a_new_state_a_later_day_or_newer_rules_make_a_candidate_stale() -> None:
    assert is_stale(None, 1, DAY, "2026-12-01.1")  # never diagnosed
    assert not is_stale(V1, 5, DAY, "2026-12-01.1")  # nothing moved
    assert is_stale(V1, 6, DAY, "2026-12-01.1")  # new facts
    assert is_stale(V1, 5, date(2026, 11, 3), "2026-12-01.1")  # the day rolled over
    assert is_stale(V1, 5, DAY, "2026-12-01.2")  # the rules changed


def test_an_older_verdict_never_replaces_a_newer_one() -> None:
    assert not supersedes(Version(4, DAY, "2026-12-01.1"), V1)  # an older state
    assert not supersedes(Version(5, date(2026, 11, 1), "2026-12-01.1"), V1)  # an older day
    assert not supersedes(Version(5, DAY, "2026-11-30.3"), V1)  # older rules
    # Newer in one respect but older in another: neither wins (the head stays; the
    # roll-over path diagnoses it again).
    assert not supersedes(Version(6, date(2026, 11, 1), "2026-12-01.1"), V1)
    assert not supersedes(V1, V1)  # the same: the second refresher writes nothing


def test_rules_versions_order_by_date_then_count() -> None:
    assert rules_key("2026-12-01.10") > rules_key("2026-12-01.9")
    assert rules_key("2027-01-01.1") > rules_key("2026-12-31.12")


def test_the_local_day_and_its_next_midnight_follow_the_candidate_zone() -> None:
    auckland = ZoneInfo("Pacific/Auckland")  # UTC+13 in November
    now = datetime(2026, 11, 2, 12, 30, tzinfo=UTC)
    assert local_today(auckland, now) == date(2026, 11, 3)
    assert next_local_midnight(auckland, now) == datetime(2026, 11, 3, 11, tzinfo=UTC)
    assert next_local_midnight(UTC, now) == datetime(2026, 11, 3, tzinfo=UTC)


def test_a_midnight_a_dst_jump_skips_still_comes_after_now() -> None:
    # Santiago moved its clocks from 00:00 to 01:00 on 6 Sep 2026: no local midnight.
    santiago = ZoneInfo("America/Santiago")
    now = datetime(2026, 9, 6, 3, 30, tzinfo=UTC)  # 23:30 on 5 Sep there
    midnight = next_local_midnight(santiago, now)
    assert midnight > now
    assert local_today(santiago, midnight) == date(2026, 9, 6)
