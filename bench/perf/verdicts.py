"""The verdict refresher's cost per changed candidate (ADR 0013): one tick after 100
candidates got a new event each, over a SQLite store of 100,000 candidates (3 events each,
verdicts stored) and, as the ceiling, over a store of only those 100. Work that grows with
the changed candidates, not with the stored ones, takes about the same at both (ratio
near 1). Measured once the build's writes are a minute old: within the refresher's 60 s
overlap (ADR 0013) they would be re-read and skipped on every tick, a cost of the minute
after a burst; the earlier runs' 100 changed candidates are in it, at both sizes alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bench.perf import data
from bench.perf.flags import settle, store_verdicts
from bench.perf.measure import Context, Measurement, Result, Stopwatch, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_diagnostics.refresher import VerdictRefresher
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_platform.database import create_schema, make_engine
from outreach_projection.write import ProjectionStore

CHANGED = 100
STORED = (CHANGED, 100_000)
EVENTS_EACH = 3
UNIT = "s per tick"


def population(ctx: Context, candidates: int) -> int:
    return min(candidates, CHANGED * 3) if ctx.quick else candidates


def build(candidates: int) -> Callable[[Context, Path], None]:
    def run(ctx: Context, target: Path) -> None:
        engine = make_engine(f"sqlite:///{target / 'outreach.db'}")
        create_schema(engine)
        store = ProjectionStore(engine)
        names = data.candidates("verdicts", population(ctx, candidates))
        for position, start in enumerate(range(0, len(names), 1_000), start=1):
            chunk = [e for c in names[start : start + 1_000] for e in data.history(c, EVENTS_EACH)]
            store.apply(list(data.recorded(chunk)), {"bench": position})
        store_verdicts(engine)
        engine.dispose()

    return run


def refresh(candidates: int) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        engine = make_engine(f"sqlite:///{ctx.prepared(f'verdicts-{candidates}') / 'outreach.db'}")
        store, names = ProjectionStore(engine), data.candidates("verdicts", CHANGED)
        refresher = VerdictRefresher(engine, Thresholds(), SpellCheck())
        settle(engine)  # the build's writes out of the overlap: each run's 100 are in it
        refresher.tick()  # which moves the watermark past them

        run_seed = time.time_ns()

        def once(index: int) -> float:
            # A new event for each of the first 100 candidates: new ids on every run, and
            # in every measurement of a store prepared once (a repeated id is no change).
            new = [data.history(c, 2, seed=run_seed + index)[1] for c in names]
            store.apply(list(data.recorded(new)), {"bench-changes": index + 1})
            clock = Stopwatch()
            with clock:
                ticked = refresher.tick()
            assert ticked.diagnosed == CHANGED, ticked
            return clock.seconds

        values = repeat(once, budget_s=120.0)
        engine.dispose()
        seconds = sorted(values)[len(values) // 2]
        detail = f"{seconds / CHANGED * 1000:.1f} ms a changed candidate"
        return result(values, UNIT, Better.LOWER, detail)

    return run


MEASUREMENTS = [
    Measurement(f"verdicts:changed_100_of_{n}", refresh(n), (f"verdicts-{n}", build(n)))
    for n in STORED
]
ROWS = [
    Row(
        "verdict refresher tick, 100 changed of 100,000 stored candidates",
        "verdicts:changed_100_of_100000",
        "verdicts:changed_100_of_100",
        "the same tick with only those 100 stored",
        "a ratio near 1: the refresh grows with the changed candidates, not the stored ones",
    ),
]
