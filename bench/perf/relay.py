"""The relay, event store → Kafka: ``Relay.step`` with the product's producer, outbox
reader and SQL bookkeeping, until every recorded event is published and acknowledged;
against a bare kafka-python producer (``bench/kafka_ceiling.py``) sending the same records.

The event store (SQLite) is prepared once by ``Intake.record``; each run publishes all of
it to a new topic with fresh bookkeeping (a new SQL database).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bench.kafka_ceiling import produce
from bench.perf import data, infra
from bench.perf.measure import Context, Measurement, Result, Stopwatch, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.database import create_schema, make_engine
from outreach_platform.kafka.clients import make_producer
from outreach_platform.kafka.publisher import KafkaPublisher
from outreach_platform.kafka.records import encode
from outreach_platform.publications import publications, relay_positions
from outreach_relay.relay import Relay
from outreach_relay.store import RelayStore

UNIT = "events/s"
STORE = "relay-store"


def events_count(ctx: Context) -> int:
    return 1_000 if ctx.quick else 20_000


def build_store(ctx: Context, target: Path) -> None:
    """``events_count`` events of 400 candidates, recorded by the intake in batches of 500."""
    intake = Intake(env=infra.sqlite_settings(target).event_store_env())
    envelopes = data.population("relay", 400, events_count(ctx) // 400)
    for batch in data.batches(envelopes):
        intake.record(data.PARTNER, "bench-key", data.contract_events(batch), datetime.now(UTC))
    intake.close()


def open_outbox(ctx: Context) -> tuple[Intake, OutboxReader]:
    intake = Intake(env=infra.sqlite_settings(ctx.prepared(STORE)).event_store_env())
    return intake, OutboxReader(intake)


def relay_rate(ctx: Context) -> Result:
    intake, outbox = open_outbox(ctx)
    total = len(outbox.read(0, 10**9))
    bootstrap = infra.kafka().bootstrap

    def once(index: int) -> float:
        engine = make_engine(f"sqlite:///{ctx.scratch / f'relay{index}.db'}")
        create_schema(engine, [publications, relay_positions])
        with infra.topic("relay") as topic:
            producer = make_producer(bootstrap)
            producer.partitions_for(topic)  # connected, with the topic's metadata
            relay = Relay(outbox, RelayStore(engine), KafkaPublisher(producer, topic))
            published, idle, clock = 0, 0, Stopwatch()
            with clock:
                while published < total:
                    moved = relay.step()
                    published += moved
                    idle = 0 if moved else idle + 1
                    if idle > 100:
                        raise RuntimeError(f"the relay stopped at {published}/{total} events")
            producer.close(timeout=10)
        engine.dispose()
        return total / clock.seconds

    values = repeat(once)
    intake.close()
    return result(values, UNIT, Better.HIGHER, f"{total:,} events, SQLite event store")


def bare_rate(ctx: Context) -> Result:
    intake, outbox = open_outbox(ctx)
    records = [encode(item) for item in outbox.read(0, 10**9)]
    intake.close()
    bootstrap = infra.kafka().bootstrap

    def once(_index: int) -> float:
        with infra.topic("bare") as topic:
            return produce(bootstrap, topic, records, batch_size=256 * 1024, linger_ms=5).rate

    return result(repeat(once), UNIT, Better.HIGHER, "acks=all, batch 256 KiB, linger 5 ms")


KAFKA = frozenset({"kafka"})
MEASUREMENTS = [
    Measurement("relay:relay", relay_rate, (STORE, build_store), KAFKA),
    Measurement("relay:bare_producer", bare_rate, (STORE, build_store), KAFKA),
]
ROWS = [
    Row(
        "relay, store → Kafka",
        "relay:relay",
        "relay:bare_producer",
        "bare kafka-python producer, same records",
    )
]
