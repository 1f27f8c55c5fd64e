"""The periodic work behind the flag gauges (ADR 0013): one verdict-refresher tick (what
``VerdictRefresher.run`` does every ``OUTREACH_VERDICTS_REFRESH_SECONDS``) plus one
``count_flags`` (every ``OUTREACH_FLAGS_REFRESH_SECONDS``) over a SQLite store of 1,000 or
10,000 candidates of 30 events each with their verdicts stored, nothing having changed
since. The 10,000 row's ceiling is the 1,000 one: periodic work that grows with the
candidates that changed, not with all of them, costs about the same at both (ratio near
1; the count itself is an index scan, far below a diagnosis per candidate).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench.perf import data
from bench.perf.measure import Context, Measurement, Result, Stopwatch, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_diagnostics.flags import count_flags
from outreach_diagnostics.refresher import VerdictRefresher
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_platform import verdicts as _verdicts  # noqa: F401  (its tables)
from outreach_platform.database import create_schema, make_engine
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
        VerdictRefresher(engine, Thresholds(), SpellCheck()).catch_up()
        engine.dispose()

    return run


def refresh(candidates: int) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        engine = make_engine(f"sqlite:///{ctx.prepared(f'flags-{candidates}') / 'outreach.db'}")
        refresher = VerdictRefresher(engine, Thresholds(), SpellCheck())
        refresher.catch_up()  # a store prepared on an earlier day has rolled over since

        def once(_index: int) -> float:
            clock = Stopwatch()
            with clock:
                ticked = refresher.tick()
                counted, _flags = count_flags(engine)
            assert ticked.diagnosed == 0  # nothing changed, nobody's day rolled over
            assert counted.total() == population(ctx, candidates)
            return clock.seconds

        values = repeat(once, budget_s=60.0)
        engine.dispose()
        seconds = sorted(values)[len(values) // 2]
        each = seconds / population(ctx, candidates) * 1e6
        busy = seconds / (seconds + REFRESH_SECONDS)
        detail = (
            f"{each:.1f} us a stored candidate; refreshing every {REFRESH_SECONDS:.0f} s "
            f"keeps a core {busy:.1%} busy"
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
