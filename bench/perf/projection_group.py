"""The projection scaled out: two projection processes in one consumer group, each
owning half the topic's partitions, as two projection instances of the stack would,
against one instance on the same topic.

Candidates are partitioned, so two instances share the work without sharing a
candidate; these rows say what a second one buys on this machine, where PostgreSQL, the
broker and both members share two cores. The rate counts the events applied from the
moment the last member got records (every member busy) to the last write; how long
after the first member that was (the join and the rebalance it started, when the first
member worked alone) is in the notes.
"""

from __future__ import annotations

import multiprocessing
import resource
import uuid
from collections.abc import Callable
from multiprocessing.sharedctypes import Synchronized
from queue import Empty
from typing import Any, NamedTuple

from bench.perf import infra
from bench.perf.measure import Context, Measurement, Result, repeat, result
from bench.perf.projecting import CountingStore, TimedFeed, run_until_applied
from bench.perf.projection import STACK, UNIT, prepared_topic, topic_of
from bench.perf.report import Row
from bench.perf.stats import Better, median
from outreach_platform.database import make_engine
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
    feed = TimedFeed(kafka, applied)
    run_until_applied(store, feed)
    kafka.close()
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.put(Report(feed.started, feed.applied_before, store.finished, peak, applied.value))


def group_rate(members: int) -> Callable[[Context], Result]:
    return lambda ctx: _group_rate(ctx, members)


def _group_rate(ctx: Context, count: int) -> Result:
    topic, total = prepared_topic(ctx, TOPIC), _events(ctx)
    bootstrap = infra.kafka().bootstrap
    peaks: dict[str, int] = {}

    def once(_index: int) -> float:
        with infra.pg_engine("projection_group") as (db, _engine):
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
        if min(r.applied for r in reports) < total:
            raise RuntimeError(f"the group stopped at {applied.value}/{total} events")
        for n, report in enumerate(reports, start=1):
            peaks[f"member {n}"] = max(peaks.get(f"member {n}", 0), report.peak_kib)
        # From the moment the last member got records: every member busy. The join and
        # the rebalance before it (the first member alone) are reported beside the rate.
        last_in = max(reports, key=lambda r: r.started)
        joins.append(last_in.started - min(r.started for r in reports))
        finished = max(r.finished for r in reports)
        return (total - last_in.applied_before) / (finished - last_in.started)

    joins: list[float] = []
    values = repeat(once)
    detail = f"{count} member(s) of one consumer group, {total:,} events, batches of 1,000; "
    detail += f"the rate once every member had records, {median(joins):.1f} s after the first"
    return result(values, UNIT, Better.HIGHER, detail, peaks)


class Report(NamedTuple):
    started: float  # monotonic: the member's first poll that returned records
    applied_before: int  # events the group had applied by then
    finished: float  # its last write of a new event
    peak_kib: int
    applied: int  # the group's count when the member stopped


def _report(out: Any) -> Report:
    try:
        report: Report = out.get(timeout=360)
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
