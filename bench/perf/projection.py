"""The projection.

- Kafka → PostgreSQL read model: the product's consumer-group feed and ``Projector.run`` over
  a topic of fresh candidates' recorded events (the replay benchmark's generator), into a
  new database per run; against a bare kafka-python consumer of the same topic
  (``bench/kafka_ceiling.py``), discarding the records or decoding their JSON.
- Growth (SQLite): ``ProjectionStore.apply`` in batches of 500 over 200 candidates that
  already hold 100 or 1,000 facts each. Flat would mean the same rate at both.
"""

from __future__ import annotations

import json
import multiprocessing
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from kafka import KafkaConsumer, TopicPartition

from bench.kafka_ceiling import consume, create_topic, produce
from bench.perf import data, infra
from bench.perf.measure import Context, Measurement, Result, Stopwatch, repeat, result
from bench.perf.projecting import CountingStore, TimedFeed, run_until_applied
from bench.perf.report import Row
from bench.perf.stats import Better, median
from bench.replay_kafka_to_postgres import records
from outreach_platform.database import create_schema, make_engine
from outreach_platform.kafka.clients import make_group_consumer
from outreach_projection.kafka_feed import KafkaFeed
from outreach_projection.write import ProjectionStore

UNIT = "events/s"
TOPIC = "projection-topic"


# ------------------------------------------------------------ Kafka → PostgreSQL


def topic_events(ctx: Context) -> int:
    return 2_000 if ctx.quick else 30_000


def topic_of(events: Callable[[Context], int]) -> Callable[[Context, Path], None]:
    """A preparation: a topic of ``events(ctx)`` recorded events of fresh candidates (50
    each), written by a bare producer; its name is left in ``target/topic`` (the broker
    is wiped after the run)."""

    def build(ctx: Context, target: Path) -> None:
        count = events(ctx)
        name = f"bench.projection.{uuid.uuid4().hex[:8]}"
        bootstrap = infra.kafka().bootstrap
        create_topic(bootstrap, name, infra.PARTITIONS)
        produce(bootstrap, name, list(records(count, count // 50, 5, seed=3)), 1 << 20, 20)
        (target / "topic").write_text(name)

    return build


build_topic = topic_of(topic_events)


def prepared_topic(ctx: Context, key: str = TOPIC) -> str:
    """The name of the topic ``topic_of`` built for ``key``."""
    return (ctx.prepared(key) / "topic").read_text()


def projection_rate(ctx: Context) -> Result:
    topic, total = prepared_topic(ctx), topic_events(ctx)
    bootstrap = infra.kafka().bootstrap

    def once(_index: int) -> float:
        with infra.pg_engine("projection") as (_db, engine):
            store = CountingStore(engine, multiprocessing.Value("q", 0), total)
            consumer = make_group_consumer(bootstrap, f"bench-{uuid.uuid4().hex[:8]}")
            kafka = KafkaFeed(consumer, topic, store)
            feed = TimedFeed(kafka)
            cpu = time.process_time()
            run_until_applied(store, feed)  # the clock starts with the first batch, not the join
            seconds = store.finished - feed.started
            busy.append((time.process_time() - cpu) / seconds)
            kafka.close()
        return total / seconds

    busy: list[float] = []
    values = repeat(once)
    detail = f"{total:,} events of {total // 50:,} fresh candidates, batches of 1,000; "
    detail += f"the process on a core {median(busy):.0%} of the time"
    return result(values, UNIT, Better.HIGHER, detail)


def bare_consumer_rate(ctx: Context) -> Result:
    topic, total = prepared_topic(ctx), topic_events(ctx)
    bootstrap = infra.kafka().bootstrap
    values = repeat(lambda _i: consume(bootstrap, topic, infra.PARTITIONS, total).rate)
    return result(values, UNIT, Better.HIGHER, "records discarded")


def decoding_consumer_rate(ctx: Context) -> Result:
    topic, total = prepared_topic(ctx), topic_events(ctx)
    bootstrap = infra.kafka().bootstrap
    values = repeat(lambda _i: consume_decoding(bootstrap, topic, total))
    return result(values, UNIT, Better.HIGHER, "each value parsed with json.loads")


def consume_decoding(bootstrap: str, topic: str, expected: int) -> float:
    """``kafka_ceiling.consume`` plus ``json.loads`` of every value (it only touches them)."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        max_poll_records=5000,
        fetch_max_bytes=64 * 2**20,
        max_partition_fetch_bytes=8 * 2**20,
    )
    partitions = [TopicPartition(topic, p) for p in range(infra.PARTITIONS)]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    count, clock = 0, Stopwatch()
    with clock:
        while count < expected:
            for batch in consumer.poll(timeout_ms=1000).values():
                for record in batch:
                    json.loads(record.value)
                count += len(batch)
    consumer.close()
    return count / clock.seconds


# ------------------------------------------------------------------- growth


CANDIDATES = 200


def growth_candidates(ctx: Context) -> list[str]:
    return data.candidates("grow", 20 if ctx.quick else CANDIDATES)


def build_read_model(facts: int) -> Callable[[Context, Path], None]:
    def build(ctx: Context, target: Path) -> None:
        engine = make_engine(f"sqlite:///{target / 'outreach.db'}")
        create_schema(engine)
        store = ProjectionStore(engine)
        for index, candidate in enumerate(growth_candidates(ctx), start=1):
            store.apply(list(data.recorded(data.history(candidate, facts))), {"bench": index})
        engine.dispose()

    return build


def growth_rate(prepared: str) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        # Ten more events for each candidate (another seed: new ids), interleaved.
        new = data.interleaved(
            data.history(c, 11, seed=data.SEED + 1)[1:] for c in growth_candidates(ctx)
        )
        batches = [list(data.recorded(batch)) for batch in data.batches(new)]

        def once(index: int) -> float:
            copy = ctx.scratch / f"run{index}.db"
            infra.copy_sqlite(ctx.prepared(prepared) / "outreach.db", copy)
            engine = make_engine(f"sqlite:///{copy}")
            store, clock = ProjectionStore(engine), Stopwatch()
            for position, batch in enumerate(batches, start=10**6):
                with clock:
                    store.apply(batch, {"bench": position})
            engine.dispose()
            return len(new) / clock.seconds

        shape = f"{len(new):,} events over {len(growth_candidates(ctx))} candidates"
        return result(repeat(once), UNIT, Better.HIGHER, shape)

    return run


STACK = frozenset({"kafka", "postgres"})
MEASUREMENTS = [
    Measurement("projection:kafka_to_postgres", projection_rate, (TOPIC, build_topic), STACK),
    Measurement(
        "projection:bare_consumer", bare_consumer_rate, (TOPIC, build_topic), frozenset({"kafka"})
    ),
    Measurement(
        "projection:bare_consumer_json",
        decoding_consumer_rate,
        (TOPIC, build_topic),
        frozenset({"kafka"}),
    ),
    Measurement(
        "projection:growth_100", growth_rate("growth-100"), ("growth-100", build_read_model(100))
    ),
    Measurement(
        "projection:growth_1000",
        growth_rate("growth-1000"),
        ("growth-1000", build_read_model(1_000)),
    ),
]
ROWS = [
    Row(
        "projection, Kafka → PostgreSQL read model (fresh candidates)",
        "projection:kafka_to_postgres",
        "projection:bare_consumer",
        "bare kafka-python consumer, same topic",
    ),
    Row(
        "projection, Kafka → PostgreSQL read model (fresh candidates)",
        "projection:kafka_to_postgres",
        "projection:bare_consumer_json",
        "bare consumer decoding the JSON",
    ),
    Row(
        "projection, batches of 500 over 200 candidates holding 100 facts each (SQLite)",
        "projection:growth_100",
    ),
    Row(
        "projection, batches of 500 over 200 candidates holding 1,000 facts each (SQLite)",
        "projection:growth_1000",
        "projection:growth_100",
        "the same at 100 facts each",
        "flat growth would be a ratio of 1",
    ),
]
