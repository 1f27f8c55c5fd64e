"""The soak's faults: which part is killed with ``kill -9`` when, for how long, and the
windows during which each part was down.

``schedule`` is pure (seeded): every ``interval`` seconds one part, round robin over
``KINDS``, down for a random 5-15 s, all of it over before the load ends so that the
tail of the run is served by a whole stack. ``Injector`` carries it out through the
kill and restart callables it is given, and records each window as it happened.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

KINDS = ("relay", "projection", "kafka", "postgres")
log = logging.getLogger("soak.faults")


@dataclass(frozen=True)
class Fault:
    kind: str
    at: float  # seconds after the load started
    down: float  # seconds between the kill and the restart


def schedule(
    duration: float,
    seed: int,
    interval: float = 40.0,
    first: float = 20.0,
    down: tuple[float, float] = (5.0, 15.0),
    quiet_tail: float = 30.0,
    kinds: tuple[str, ...] = KINDS,
) -> list[Fault]:
    """One fault every ``interval`` seconds from ``first``, round robin over ``kinds``, each
    down for a uniform time in ``down``; none still down in the last ``quiet_tail`` s."""
    rng = random.Random(seed)
    faults: list[Fault] = []
    at = first
    while True:
        down_for = round(rng.uniform(*down), 1)
        if at + down_for > duration - quiet_tail:
            return faults
        faults.append(Fault(kinds[len(faults) % len(kinds)], at, down_for))
        at += interval


@dataclass(frozen=True)
class Window:
    """When a part was down: from its kill to the moment its restart was complete."""

    kind: str
    start: float  # time.monotonic()
    end: float

    def holds(self, moment: float, grace: float = 0.0) -> bool:
        return self.start <= moment <= self.end + grace


def window_of(windows: list[Window], moment: float, grace: float) -> str:
    """The kind of the fault in force at ``moment`` ("none" outside every window); a
    moment in two windows counts for the first."""
    for window in windows:
        if window.holds(moment, grace):
            return window.kind
    return "none"


@dataclass(frozen=True)
class Part:
    kill: Callable[[], object]
    restart: Callable[[], object]  # returns once the part serves again


@dataclass
class Injector:
    """Runs the schedule on a thread, from ``started`` (time.monotonic())."""

    faults: list[Fault]
    parts: Mapping[str, Part]
    started: float
    stop: threading.Event
    windows: list[Window] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, name="faults", daemon=True)

    def start(self) -> Injector:
        self._thread.start()
        return self

    def join(self) -> None:
        self._thread.join()

    def _run(self) -> None:
        for fault in self.faults:
            if self.stop.wait(max(self.started + fault.at - time.monotonic(), 0)):
                return
            self._inject(fault)

    def _inject(self, fault: Fault) -> None:
        part = self.parts[fault.kind]
        start = time.monotonic()
        log.info("kill -9 %s (down %.1f s)", fault.kind, fault.down)
        part.kill()
        time.sleep(fault.down)  # not cut short by stop: the part must come back
        try:
            part.restart()
        except Exception as error:  # reported: a part that does not come back fails the soak
            self.errors.append(f"{fault.kind} did not restart: {error}")
            log.exception("restarting %s failed", fault.kind)
        self.windows.append(Window(fault.kind, start, time.monotonic()))
        log.info("%s back after %.1f s", fault.kind, time.monotonic() - start)


def counts(kinds: Iterable[str]) -> dict[str, int]:
    """How many of each kind, in ``KINDS`` order."""
    found = list(kinds)
    return {kind: found.count(kind) for kind in KINDS}
