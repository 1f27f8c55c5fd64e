"""The periodic work behind the flag gauges (ADR 0013): one verdict-refresher tick (what
``VerdictRefresher.run`` does every ``OUTREACH_VERDICTS_REFRESH_SECONDS``) over a SQLite
store of 1,000 or 10,000 candidates of 30 events each with their verdicts stored, nothing
having changed since. The 10,000 row's ceiling is the 1,000 one: work that grows with the
candidates that changed, not with all of them, costs about the same at both (ratio near
1). The gauges' ``count_flags`` (every ``OUTREACH_FLAGS_REFRESH_SECONDS``) is one SQL count
of the stored verdicts, which does grow with them: its figure is in the detail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select

from bench.perf import data
from bench.perf.measure import Context, Measurement, Result, Stopwatch, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_diagnostics.flags import count_flags
from outreach_diagnostics.refresher import VerdictRefresher
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_diagnostics.verdict_store import advance
from outreach_platform.database import create_schema, make_engine
from outreach_platform.readmodel import candidate_states
from outreach_platform.verdicts import candidate_verdicts, verdict_heads
from outreach_projection.write import ProjectionStore

SIZES = (1_000, 10_000)
EVENTS_EACH = 30
REFRESH_SECONDS = 30.0
"""The gauges' default interval (``OUTREACH_FLAGS_REFRESH_SECONDS``)."""
TICK_SECONDS = 2.0
"""The verdict refresher's default interval (``OUTREACH_VERDICTS_REFRESH_SECONDS``)."""
UNIT = "s per tick"


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
        store_verdicts(engine)
        engine.dispose()

    return run


def store_verdicts(engine: Engine) -> None:
    """Every candidate's verdicts as the refresher stores them, written in bulk: the first
    candidate diagnosed for real, its verdicts copied to the others (diagnosing 10,000
    one by one would take the build longer than the measurement). Their next refresh is a
    year away and the watermark is at the newest state: nothing is due, as after a
    refresher that has caught up."""
    refresher = VerdictRefresher(engine, Thresholds(), SpellCheck(), batch=1)
    refresher.tick()
    now, later = datetime.now(UTC), datetime.now(UTC) + timedelta(days=365)
    with engine.begin() as conn:
        [head] = [dict(row._mapping) for row in conn.execute(select(verdict_heads))]
        template = [dict(row._mapping) for row in conn.execute(select(candidate_verdicts))]
        states = list(conn.execute(select(candidate_states)))
        heads, rows = [], []
        for state in states:
            key = {"partner": state.partner, "candidate_id": state.candidate_id}
            heads.append(head | key | {"source_seq": state.last_seq, "next_refresh_at": later})
            rows += [row | key for row in template]
        conn.execute(delete(verdict_heads))
        conn.execute(delete(candidate_verdicts))
        conn.execute(insert(verdict_heads), heads)
        conn.execute(insert(candidate_verdicts), rows)
    advance(engine, "verdicts", max(max(s.updated_at for s in states), now))


def refresh(candidates: int) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        engine = make_engine(f"sqlite:///{ctx.prepared(f'flags-{candidates}') / 'outreach.db'}")
        refresher = VerdictRefresher(engine, Thresholds(), SpellCheck())

        def once(_index: int) -> float:
            clock = Stopwatch()
            with clock:
                ticked = refresher.tick()
            assert ticked.diagnosed == 0  # nothing changed, nobody's day rolled over
            return clock.seconds

        def count(_index: int) -> float:
            clock = Stopwatch()
            with clock:
                counted, _flags = count_flags(engine)
            assert counted.total() == population(ctx, candidates)
            return clock.seconds

        values = repeat(once, budget_s=30.0)
        counts = repeat(count, budget_s=15.0)
        engine.dispose()
        seconds = sorted(values)[len(values) // 2]
        counting = sorted(counts)[len(counts) // 2]
        busy = seconds / (seconds + TICK_SECONDS) + counting / (counting + REFRESH_SECONDS)
        detail = (
            f"the gauges' SQL count takes {counting * 1000:.1f} ms more every "
            f"{REFRESH_SECONDS:.0f} s; together they keep a core {busy:.2%} busy"
        )
        return result(values, UNIT, Better.LOWER, detail)

    return run


MEASUREMENTS = [
    Measurement(f"flags:refresh_{n}", refresh(n), (f"flags-{n}", build(n))) for n in SIZES
]
ROWS = [
    Row("verdict refresher tick, nothing changed, 1,000 candidates", "flags:refresh_1000"),
    Row(
        "verdict refresher tick, nothing changed, 10,000 candidates",
        "flags:refresh_10000",
        "flags:refresh_1000",
        "the refresh at 1,000 candidates",
        "nothing changed between refreshes; a ratio of 0.1 means it grows with all candidates",
    ),
]
