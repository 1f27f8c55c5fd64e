"""The pure arithmetic of the harness: medians, percentiles, ratios, peak memory.

No clock, no I/O: the unit tests (tests/unit/bench/test_perf_harness.py) cover it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from enum import StrEnum


class Better(StrEnum):
    """Which way a figure improves: a rate goes up, a latency or a cost goes down."""

    HIGHER = "higher"
    LOWER = "lower"


def median(values: Sequence[float]) -> float:
    """The median of the runs (of three, normally); an even count averages the middle two."""
    if not values:
        raise ValueError("median of no runs")
    return float(statistics.median(values))


def percentile(samples: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile by the nearest-rank method: always an observed sample, so a
    p99 of 20 samples is their maximum rather than an extrapolation."""
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 < pct <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {pct}")
    ordered = sorted(samples)
    rank = math.ceil(pct / 100 * len(ordered))
    return ordered[rank - 1]


def ratio(figure: float, ceiling: float, better: Better) -> float | None:
    """How close the figure is to its ceiling, 1.0 meaning "as good as the ceiling" and
    smaller being worse whichever way the figure improves: figure/ceiling for a rate,
    ceiling/figure for a latency or a cost. None when either is missing or zero."""
    if figure <= 0 or ceiling <= 0:
        return None
    return figure / ceiling if better is Better.HIGHER else ceiling / figure


def kib_of_vmhwm(status: str) -> int | None:
    """The peak resident set (``VmHWM``, in KiB) from the text of ``/proc/<pid>/status``;
    None when the line is missing (a kernel thread, or a process already reaped)."""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            fields = line.split()
            if len(fields) < 2 or not fields[1].isdigit():
                raise ValueError(f"unreadable VmHWM line: {line!r}")
            unit = fields[2].lower() if len(fields) > 2 else "kb"
            if unit != "kb":
                raise ValueError(f"unexpected VmHWM unit: {line!r}")
            return int(fields[1])
    return None


def mib(kib: int) -> float:
    return kib / 1024
