"""When a failed delivery is tried again, and when it is given up: a fixed, configurable
schedule of waits (Standard Webhooks' recommendation is exponential with jitter over
about a day). Pure: no I/O, no clock of its own."""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_SCHEDULE = (5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0, 7200.0, 14400.0, 28800.0, 36000.0)
"""Seconds to wait after the 1st, 2nd, ... failed attempt: from 5 s growing to 10 h, in
all 25.7 h of retries (11 attempts) before a delivery is failed."""
JITTER = 0.1
"""Each wait is stretched by up to 10% at random, so that the deliveries of one outage do
not all come back in the same second."""


@dataclass(frozen=True)
class Schedule:
    waits: tuple[float, ...] = DEFAULT_SCHEDULE

    def __post_init__(self) -> None:
        if any(w < 0 for w in self.waits):
            raise ValueError("retry waits must not be negative")

    @property
    def max_attempts(self) -> int:
        return len(self.waits) + 1

    @property
    def total_seconds(self) -> float:
        return sum(self.waits)

    def next_attempt(
        self,
        attempts: int,
        now: datetime,
        jitter: Callable[[], float] = random.random,
    ) -> datetime | None:
        """After ``attempts`` failed attempts, when to try again; None: give up (failed)."""
        if attempts < 1:
            raise ValueError("a delivery is rescheduled after an attempt")
        if attempts > len(self.waits):
            return None
        wait = self.waits[attempts - 1]
        return now + timedelta(seconds=wait * (1 + JITTER * jitter()))


def parse(text: str | Sequence[float]) -> Schedule:
    """``"5,30,120"`` (seconds) or a sequence, as the setting gives it."""
    if isinstance(text, str):
        waits = tuple(float(part) for part in text.split(",") if part.strip())
    else:
        waits = tuple(float(w) for w in text)
    return Schedule(waits)
