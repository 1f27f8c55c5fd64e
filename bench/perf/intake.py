"""Intake direct: ``Intake.record`` in batches of 500, against a bare eventsourcing
application saving the same events in saves of 500, on SQLite and on PostgreSQL.

The bare application is the ceiling of the library on that store: one aggregate per
candidate kept in memory (no reload), one domain event per event, one ``save`` per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.perf import data, infra
from bench.perf.measure import Context, Measurement, Result, Stopwatch, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_intake.application import Intake

UNIT = "events/s"


class BareStream(Aggregate):
    @event("Opened")
    def __init__(self, candidate_id: str) -> None:
        self.candidate_id = candidate_id

    @event("Recorded")
    def record(self, envelope: dict[str, Any]) -> None:
        pass


class BareApplication(Application[UUID]):
    name = "bare"


def workload(ctx: Context) -> list[list[data.Envelope]]:
    """200 candidates of 50 events each (quick: 10), interleaved, in batches of 500."""
    count = 10 if ctx.quick else 200
    return data.batches(data.population("intake", count, 50))


def record_rate(store_env: dict[str, str], batches: list[list[data.Envelope]]) -> float:
    intake = Intake(env=store_env)
    events = [data.contract_events(batch) for batch in batches]  # validated before the clock
    clock = Stopwatch()
    for batch in events:
        with clock:
            intake.record(data.PARTNER, "bench-key", batch, datetime.now(UTC))
    intake.close()
    return sum(map(len, events)) / clock.seconds


def bare_rate(store_env: dict[str, str], batches: list[list[data.Envelope]]) -> float:
    app = BareApplication(env=store_env)
    streams: dict[str, BareStream] = {}
    clock = Stopwatch()
    for batch in batches:
        with clock:
            touched: dict[str, BareStream] = {}
            for item in batch:
                cid = item["candidate_id"]
                stream = streams.get(cid) or BareStream(cid)
                stream.record(item)
                streams[cid] = touched[cid] = stream
            app.save(*touched.values())
    app.close()
    return sum(map(len, batches)) / clock.seconds


Rate = Callable[[dict[str, str], list[list[data.Envelope]]], float]


def on_sqlite(rate: Rate) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        batches = workload(ctx)

        def once(index: int) -> float:
            settings = infra.sqlite_settings(ctx.scratch / f"run{index}")
            return rate(settings.event_store_env(), batches)

        return result(repeat(once), UNIT, Better.HIGHER, _shape(batches))

    return run


def on_postgres(rate: Rate) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        batches = workload(ctx)

        def once(_index: int) -> float:
            with infra.pg_database("intake") as db:
                return rate(db.settings().event_store_env(), batches)

        return result(repeat(once), UNIT, Better.HIGHER, _shape(batches))

    return run


def _shape(batches: list[list[data.Envelope]]) -> str:
    return f"{sum(map(len, batches)):,} events, batches of {data.BATCH}"


PG = frozenset({"postgres"})
MEASUREMENTS = [
    Measurement("intake:record_sqlite", on_sqlite(record_rate)),
    Measurement("intake:bare_sqlite", on_sqlite(bare_rate)),
    Measurement("intake:record_postgres", on_postgres(record_rate), needs=PG),
    Measurement("intake:bare_postgres", on_postgres(bare_rate), needs=PG),
]
ROWS = [
    Row(
        "intake, `Intake.record` direct, SQLite",
        "intake:record_sqlite",
        "intake:bare_sqlite",
        "bare eventsourcing, saves of 500",
    ),
    Row(
        "intake, `Intake.record` direct, PostgreSQL",
        "intake:record_postgres",
        "intake:bare_postgres",
        "bare eventsourcing, saves of 500",
    ),
]
