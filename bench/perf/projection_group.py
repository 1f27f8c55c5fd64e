"""The projection scaled out: two projection processes in one consumer group, each
owning half the topic's partitions, as two projection instances of the stack would,
against one instance on the same topic.

Candidates are partitioned, so two instances share the work without sharing a
candidate; these rows say what a second one buys on this machine, where PostgreSQL, the
broker and both members share two cores. The clock runs from the first poll either
member gets records from to the last write (the second member's join and the rebalance
it starts included, as in a deployment).
"""

from __future__ import annotations

import multiprocessing
import resource
import uuid
from collections.abc import Callable
from multiprocessing.sharedctypes import Synchronized
from queue import Empty
from typing import Any

from bench.perf import infra
from bench.perf.measure import Context, Measurement, Result, repeat, result
from bench.perf.projecting import CountingStore, TimedFeed, run_until_applied
from bench.perf.projection import STACK, UNIT, topic_of
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_platform.database import create_schema, make_engine
from outreach_platform.kafka.clients import make_group_consumer
from outreach_projection.kafka_feed import KafkaFeed

TOPIC = "projection-group-topic"


def _events(ctx: Context) -> int:
    # Five times the single instance's topic: the second member's join and the
    # rebalance it starts (a few seconds) must not be most of the run.
    return 10_000 if ctx.quick else 150_000


_SPAWN = multiprocessing.get_context("spawn")  # a fresh interpreter, as an instance is


def _member(
    url: str, bootstrap: str, topic: str, group: str, total: int, applied: Any, out: Any
) -> None:
    """One instance, until the group has applied all ``total`` events; it reports when its
    first batch was polled and its last one written (the monotonic clock is the
    machine's, so both members' readings compare) and its peak memory."""
    engine = make_engine(url)
    store = CountingStore(engine, applied, total)
    kafka = KafkaFeed(make_group_consumer(bootstrap, group), topic, store)
    feed = TimedFeed(kafka)
    run_until_applied(store, feed)
    kafka.close()
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.put((feed.started, store.finished, peak, applied.value))


def group_rate(members: int) -> Callable[[Context], Result]:
    return lambda ctx: _group_rate(ctx, members)


def _group_rate(ctx: Context, count: int) -> Result:
    topic, total = (ctx.prepared(TOPIC) / "topic").read_text(), _events(ctx)
    bootstrap = infra.kafka().bootstrap
    peaks: dict[str, int] = {}

    def once(_index: int) -> float:
        with infra.pg_database("projection_group") as db:
            engine = make_engine(db.url)
            create_schema(engine)
            engine.dispose()
            applied: Synchronized[int] = _SPAWN.Value("q", 0)
            out = _SPAWN.Queue()
            group = f"bench-group-{uuid.uuid4().hex[:8]}"
            args = (db.url, bootstrap, topic, group, total, applied, out)
            members = [_SPAWN.Process(target=_member, args=args) for _ in range(count)]
            for member in members:
                member.start()
            reports = [_report(out) for _ in members]
            for member in members:
                member.join(30)
        if min(count for *_, count in reports) < total:
            raise RuntimeError(f"the group stopped at {applied.value}/{total} events")
        for n, (_, _, peak, _) in enumerate(reports, start=1):
            peaks[f"member {n}"] = max(peaks.get(f"member {n}", 0), peak)
        started = min(first for first, *_ in reports if first)
        return total / (max(last for _, last, *_ in reports) - started)

    values = repeat(once)
    detail = f"{count} member(s) of one consumer group, {total:,} events, batches of 1,000"
    return result(values, UNIT, Better.HIGHER, detail, peaks)


def _report(out: Any) -> tuple[float, float, int, int]:
    try:
        report: tuple[float, float, int, int] = out.get(timeout=360)
    except Empty:
        raise RuntimeError("a projection member did not report") from None
    return report


MEASUREMENTS = [
    Measurement(f"projection_group:{name}", group_rate(n), (TOPIC, topic_of(_events)), STACK)
    for name, n in (("one_instance", 1), ("two_instances", 2))
]
ROWS = [
    Row(
        "projection, Kafka → PostgreSQL read model (fresh candidates), two instances in one group",
        "projection_group:two_instances",
        "projection:bare_consumer_json",
        "bare consumer decoding the JSON",
        "the stack scaled out: a second projection instance takes half the partitions",
    ),
    Row(
        "projection, Kafka → PostgreSQL read model (fresh candidates), two instances in one group",
        "projection_group:two_instances",
        "projection_group:one_instance",
        "one instance, the same topic",
        "what the second instance buys on 2 cores shared with PostgreSQL and the broker",
    ),
]
