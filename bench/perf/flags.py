"""The periodic flag-gauge refresher: one pass of ``count_flags`` (what
``run_flag_refresher`` does every ``OUTREACH_FLAGS_REFRESH_SECONDS``) over a SQLite read
model of 1,000 or 10,000 candidates of 30 events each, nothing having changed since the
last pass. The 10,000 row's ceiling is the 1,000 one: periodic work that grew with the
candidates that changed, not with all of them, would cost the same at both (ratio 1).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench.perf import data
from bench.perf.measure import Context, Measurement, Result, Stopwatch, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_diagnostics.flags import count_flags
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_platform.database import create_schema, make_engine
from outreach_platform.readmodel import ReadModel
from outreach_projection.write import ProjectionStore

SIZES = (1_000, 10_000)
EVENTS_EACH = 30
REFRESH_SECONDS = 30.0
"""The refresher's default interval (``OUTREACH_FLAGS_REFRESH_SECONDS``)."""
UNIT = "s per refresh"


def population(ctx: Context, candidates: int) -> int:
    return 20 if ctx.quick else candidates


def build(candidates: int) -> Callable[[Context, Path], None]:
    def run(ctx: Context, target: Path) -> None:
        engine = make_engine(f"sqlite:///{target / 'outreach.db'}")
        create_schema(engine)
        store = ProjectionStore(engine)
        names = data.candidates("flags", population(ctx, candidates))
        for position, start in enumerate(range(0, len(names), 100), start=1):
            # A hundred candidates at a time, each written once: the quickest build.
            chunk = [e for c in names[start : start + 100] for e in data.history(c, EVENTS_EACH)]
            store.apply(list(data.recorded(chunk)), {"bench": position})
        engine.dispose()

    return run


def refresh(candidates: int) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        engine = make_engine(f"sqlite:///{ctx.prepared(f'flags-{candidates}') / 'outreach.db'}")
        readmodel, thresholds, spelling = ReadModel(engine), Thresholds(), SpellCheck()

        def once(_index: int) -> float:
            clock = Stopwatch()
            with clock:
                counted, _flags = count_flags(readmodel, thresholds, spelling)
            assert counted.total() == population(ctx, candidates)
            return clock.seconds

        values = repeat(once, budget_s=60.0)
        engine.dispose()
        seconds = sorted(values)[len(values) // 2]
        each = seconds / population(ctx, candidates) * 1000
        busy = seconds / (seconds + REFRESH_SECONDS)
        detail = (
            f"{each:.1f} ms a candidate; refreshing every {REFRESH_SECONDS:.0f} s keeps a "
            f"core {busy:.0%} busy"
        )
        return result(values, UNIT, Better.LOWER, detail)

    return run


MEASUREMENTS = [
    Measurement(f"flags:refresh_{n}", refresh(n), (f"flags-{n}", build(n))) for n in SIZES
]
ROWS = [
    Row("flag-gauge refresher, 1,000 candidates", "flags:refresh_1000"),
    Row(
        "flag-gauge refresher, 10,000 candidates",
        "flags:refresh_10000",
        "flags:refresh_1000",
        "the refresh at 1,000 candidates",
        "nothing changed between refreshes; a ratio of 0.1 means it grows with all candidates",
    ),
]
