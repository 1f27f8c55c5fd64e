"""The time range the system accepts: every timestamp and day a partner sends lies in it.

Dates outside it are not history anyone records: a year-1 ``occurred_at`` once passed
the contract and overflowed the fold, stopping the read model for every partner. The
floor is a setting (``OUTREACH_EARLIEST_OCCURRED_AT``); the contract cannot read
settings, so the composition root calls ``configure`` once at start, before it serves
(ADR 0009). The ceiling is the contract's "not more than a day in the future".

Both are checked on what partners submit (``EventBatch``, the diagnosis's ``as_of``
and ``known_at``), never on events already recorded: raising the floor later must not
make stored history unreadable, which would be the same poison in another place, and a
reader whose clock is behind the intake's must still read what the intake accepted.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

MAX_FUTURE = timedelta(days=1)
"""How far ahead of the server's clock an event may be (clocks drift, zones confuse)."""
MAX_AS_OF_AHEAD = timedelta(days=366)
"""How far ahead of today a diagnosis may be asked "as of" (a plan for the coming year)."""
DEFAULT_EARLIEST = date(1990, 1, 1)


@dataclass(frozen=True)
class TimeBounds:
    earliest: date = DEFAULT_EARLIEST

    @property
    def earliest_moment(self) -> datetime:
        """The first instant accepted: midnight UTC at the start of ``earliest``."""
        return datetime.combine(self.earliest, time(), UTC)

    def moment_problem(self, value: datetime, now: datetime | None = None) -> str | None:
        """Why an aware timestamp is out of range, or None."""
        if value < self.earliest_moment:
            return f"is before {self.earliest.isoformat()}, the earliest date accepted"
        if value - (now or datetime.now(UTC)) > MAX_FUTURE:
            return "is more than a day in the future"
        return None

    def day_problem(self, value: date, today: date | None = None) -> str | None:
        """Why an "as of" day is out of range, or None."""
        latest = (today or datetime.now(UTC).date()) + MAX_AS_OF_AHEAD
        if value < self.earliest:
            return f"is before {self.earliest.isoformat()}, the earliest date accepted"
        if value > latest:
            return f"is after {latest.isoformat()}, more than a year ahead"
        return None


_current = TimeBounds()


def configure(earliest: date) -> None:
    """Set the floor for this process (the composition root, from the settings)."""
    global _current
    _current = TimeBounds(earliest)


def current() -> TimeBounds:
    return _current
