"""What a measurement is and what it returns, and the repeat-and-take-the-median loop.

A *measurement* is one number (a rate, a latency, a cost) taken three times in one
fresh process, so that its peak memory (``ru_maxrss``) is its own. An optional
*preparation* builds its data first, in another process, and leaves it on disk under the
run's work directory, where every measurement that names the same preparation finds it.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.perf.stats import Better, median

RUNS = 3


@dataclass
class Context:
    quick: bool
    workdir: Path
    """Shared by every process of a run: prepared data lives here."""
    scratch: Path
    """This measurement's own directory."""

    def prepared(self, key: str) -> Path:
        return self.workdir / "prepared" / key


@dataclass
class Result:
    value: float
    """The median of the runs."""
    unit: str
    better: Better
    runs: list[float] = field(default_factory=list)
    detail: str = ""
    """Other figures of the same runs (p50 beside a p99, failed batches), for the notes."""
    peaks_kib: dict[str, int] = field(default_factory=dict)
    """Peak resident memory of each process involved: "bench" is the measuring process."""
    skipped: str = ""
    """Why there is no figure (too long for the time budget, say); empty when measured."""

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "better": self.better.value,
            "runs": self.runs,
            "detail": self.detail,
            "peaks_kib": self.peaks_kib,
            "skipped": self.skipped,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Result:
        return cls(
            value=float(raw["value"]),
            unit=str(raw["unit"]),
            better=Better(raw["better"]),
            runs=[float(v) for v in raw["runs"]],
            detail=str(raw["detail"]),
            peaks_kib={str(k): int(v) for k, v in raw["peaks_kib"].items()},
            skipped=str(raw["skipped"]),
        )


Prepare = Callable[[Context, Path], None]
"""Builds data into the directory it is given (which it owns and may fill freely)."""


@dataclass(frozen=True)
class Measurement:
    key: str
    run: Callable[[Context], Result]
    prepare: tuple[str, Prepare] | None = None
    """(name, builder): measurements naming the same preparation share its output."""
    needs: frozenset[str] = frozenset()
    """Servers the measurement uses: "kafka", "postgres"."""


def self_peak_kib() -> int:
    """This process's peak resident set so far (Linux reports ``ru_maxrss`` in KiB)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def repeat(once: Callable[[int], float], runs: int = RUNS, budget_s: float = 600.0) -> list[float]:
    """Run ``once(run_index)`` ``runs`` times; stop early (after at least one run) when
    the time spent so far exceeds ``budget_s``, so a slow figure cannot blow the budget.
    The caller reports how many runs there were."""
    started = time.monotonic()
    values: list[float] = []
    for index in range(runs):
        values.append(once(index))
        if time.monotonic() - started > budget_s:
            break
    return values


def result(
    values: list[float],
    unit: str,
    better: Better,
    detail: str = "",
    servers: dict[str, int] | None = None,
) -> Result:
    """The median of the runs, with this process's peak memory and the servers' peaks."""
    runs_note = "" if len(values) == RUNS else f"{len(values)} run(s) only, to stay in budget"
    return Result(
        value=median(values),
        unit=unit,
        better=better,
        runs=values,
        detail="; ".join(part for part in (detail, runs_note) if part),
        peaks_kib={"bench": self_peak_kib(), **(servers or {})},
    )


def skipped(unit: str, better: Better, why: str) -> Result:
    return Result(value=0.0, unit=unit, better=better, skipped=why)


class Stopwatch:
    """Seconds spent inside ``with`` blocks, summed: the clock runs only around the work
    measured, not around building its input."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.seconds += time.perf_counter() - self._start
