"""What a fresh diagnosis changes in a candidate's stored verdicts: pure, no I/O (ADR 0013).

A stored verdict is replaced only by one at least as new in every respect: of a state
at least as far along (``source_seq``), as of a day at least as late, by rules at least
as new. Two refreshers that diagnosed the same candidate from different moments thus
never move it backwards, and the one that comes second with the same result writes
nothing: no change is logged twice.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from outreach_contract.v1 import Diagnosis


@dataclass(frozen=True)
class Version:
    """Where a set of verdicts came from."""

    source_seq: int  # the candidate's last stored fact the diagnosis saw
    as_of: date  # the candidate's local day it was computed for
    rules_version: str


@dataclass(frozen=True)
class Verdicts:
    version: Version
    statuses: Mapping[str, str]  # reason slug -> status
    scores: Mapping[str, float]


@dataclass(frozen=True)
class Change:
    reason: str
    from_status: str | None  # None: the candidate's first verdict for this reason
    to_status: str


def from_diagnosis(diagnosis: Diagnosis, source_seq: int, rules_version: str) -> Verdicts:
    return Verdicts(
        Version(source_seq, diagnosis.as_of, rules_version),
        {v.reason.value: v.status.value for v in diagnosis.reasons},
        {v.reason.value: v.score for v in diagnosis.reasons},
    )


def rules_key(rules_version: str) -> tuple[str, int]:
    """The order of rules versions (``version.py``): by date, then by the day's count, so
    that ``2026-12-01.10`` comes after ``2026-12-01.9``."""
    day, _, count = rules_version.partition(".")
    return (day, int(count) if count.isdigit() else 0)


def supersedes(new: Version, old: Version | None) -> bool:
    """Whether ``new`` may replace ``old``: newer somewhere, older nowhere."""
    if old is None:
        return True
    not_older = (
        new.source_seq >= old.source_seq
        and new.as_of >= old.as_of
        and rules_key(new.rules_version) >= rules_key(old.rules_version)
    )
    return not_older and new != old


def is_stale(stored: Version | None, source_seq: int, today: date, rules_version: str) -> bool:
    """Whether a candidate needs diagnosing again: its state moved, its day rolled over, or
    the rules changed."""
    return supersedes(Version(source_seq, today, rules_version), stored)


def changes(before: Mapping[str, str] | None, after: Verdicts) -> list[Change]:
    """The reasons whose status differs, in the diagnosis' order of reasons."""
    old = before or {}
    return [
        Change(reason, old.get(reason), status)
        for reason, status in after.statuses.items()
        if old.get(reason) != status
    ]


def local_today(zone: tzinfo, now: datetime) -> date:
    return now.astimezone(zone).date()


def next_local_midnight(zone: tzinfo, now: datetime) -> datetime:
    """The UTC instant the candidate's next local day begins (the first instant of that
    date that exists there, should a DST jump skip midnight)."""
    tomorrow = local_today(zone, now) + timedelta(days=1)
    midnight = datetime.combine(tomorrow, time(0), tzinfo=zone)
    instant = midnight.astimezone(UTC)
    # A skipped local midnight maps forward; never earlier than now.
    return max(instant, now.astimezone(UTC) + timedelta(seconds=1))
