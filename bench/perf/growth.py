"""The cost of one more event for a candidate who already has a history of 100, 1,000,
10,000 or 100,000 facts: ``ProjectionStore.apply`` of one event to the read model, and
``Intake.record`` of one event, both on SQLite. Flat growth means the same cost at every
size; each row's ceiling is the cost at 100 facts.

Each history is built once (a preparation with a time limit: past it, the size is
reported as not run) and copied afresh for every run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.perf import data, infra
from bench.perf.measure import Context, Measurement, Result, Stopwatch, repeat, result, skipped
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_intake.application import Intake
from outreach_platform.database import create_schema, make_engine
from outreach_projection.write import ProjectionStore

SIZES = (100, 1_000, 10_000, 100_000)
BUILD_LIMIT_S = 180.0
"""A history that takes longer to build than this is not measured (the budget of
``make bench``); the table says so."""
UNIT = "ms"


def size_for(ctx: Context, facts: int) -> int:
    return min(facts, 200) if ctx.quick else facts


def candidate(facts: int) -> str:
    return f"hist-{facts}"


def new_event(facts: int) -> data.Envelope:
    """One more event of the candidate, at a random moment of its year (new id)."""
    return data.history(candidate(facts), 2, seed=data.SEED + 2)[1]


def give_up(target: Path, why: str) -> None:
    (target / "skipped").write_text(why)


def build_read_model(facts: int) -> Callable[[Context, Path], None]:
    def build(ctx: Context, target: Path) -> None:
        count, started = size_for(ctx, facts), time.monotonic()
        engine = make_engine(f"sqlite:///{target / 'outreach.db'}")
        create_schema(engine)
        events = list(data.recorded(data.history(candidate(facts), count)))
        ProjectionStore(engine).apply(events, {"bench": 1})  # one batch: the quickest build
        engine.dispose()
        if time.monotonic() - started > BUILD_LIMIT_S:
            give_up(target, f"building {count:,} facts took over {BUILD_LIMIT_S:.0f} s")

    return build


def build_event_store(facts: int) -> Callable[[Context, Path], None]:
    def build(ctx: Context, target: Path) -> None:
        count, started = size_for(ctx, facts), time.monotonic()
        intake = Intake(env=infra.sqlite_settings(target).event_store_env())
        envelopes = data.history(candidate(facts), count)
        for done, batch in enumerate(data.batches(envelopes, 1_000), start=1):
            events = data.contract_events(batch)
            intake.record(data.PARTNER, "bench-key", events, datetime.now(UTC))
            if time.monotonic() - started > BUILD_LIMIT_S:
                give_up(
                    target,
                    f"building {count:,} events took over {BUILD_LIMIT_S:.0f} s "
                    f"(reached {done * 1_000:,})",
                )
                break
        intake.close()

    return build


def projection_cost(facts: int) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        prepared = ctx.prepared(f"readmodel-{facts}")
        if (prepared / "skipped").exists():
            return skipped(UNIT, Better.LOWER, (prepared / "skipped").read_text())
        event = list(data.recorded([new_event(facts)]))
        reads: list[float] = []

        def once(index: int) -> float:
            copy = ctx.scratch / f"run{index}.db"
            infra.copy_sqlite(prepared / "outreach.db", copy)
            engine = make_engine(f"sqlite:///{copy}")
            store, read, clock = ProjectionStore(engine), Stopwatch(), Stopwatch()
            with read:
                store.get(data.PARTNER, candidate(facts))
            reads.append(read.seconds * 1000)
            with clock:
                store.apply(event, {"bench": 2})
            engine.dispose()
            return clock.seconds * 1000

        values = repeat(once)
        detail = f"{size_for(ctx, facts):,} facts; reading the state alone: {min(reads):.1f} ms"
        return result(values, UNIT, Better.LOWER, detail)

    return run


def intake_cost(facts: int) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        prepared = ctx.prepared(f"eventstore-{facts}")
        if (prepared / "skipped").exists():
            return skipped(UNIT, Better.LOWER, (prepared / "skipped").read_text())
        events = data.contract_events([new_event(facts)])

        def once(index: int) -> float:
            copy = infra.sqlite_settings(ctx.scratch / f"run{index}")
            source = infra.sqlite_settings(prepared).event_store_env()["SQLITE_DBNAME"]
            target = copy.event_store_env()["SQLITE_DBNAME"]
            infra.copy_sqlite(Path(source), Path(target))
            intake, clock = Intake(env=copy.event_store_env()), Stopwatch()
            with clock:
                intake.record(data.PARTNER, "bench-key", events, datetime.now(UTC))
            intake.close()
            return clock.seconds * 1000

        return result(repeat(once), UNIT, Better.LOWER, f"{size_for(ctx, facts):,} events")

    return run


MEASUREMENTS = [
    measurement
    for facts in SIZES
    for measurement in (
        Measurement(
            f"growth:projection_{facts}",
            projection_cost(facts),
            (f"readmodel-{facts}", build_read_model(facts)),
        ),
        Measurement(
            f"growth:intake_{facts}",
            intake_cost(facts),
            (f"eventstore-{facts}", build_event_store(facts)),
        ),
    )
]


def _rows(kind: str, label: str) -> list[Row]:
    rows = []
    for facts in SIZES:
        first = facts == SIZES[0]
        rows.append(
            Row(
                f"one new event, candidate holding {facts:,} facts: {label}",
                f"growth:{kind}_{facts}",
                None if first else f"growth:{kind}_{SIZES[0]}",
                "" if first else f"the same at {SIZES[0]} facts",
            )
        )
    return rows


ROWS = [
    *_rows("projection", "projection apply (SQLite)"),
    *_rows("intake", "`Intake.record` (SQLite)"),
]
