"""The replay: ``outreach replay --source kafka`` (``outreach_replay.rebuild``) over the
projection's topic of fresh candidates, into a new PostgreSQL database per run, against
the bare consumer decoding the JSON of the same topic (``projection:bare_consumer_json``).
The issue's projection target covers the live projection and the replay alike."""

from __future__ import annotations

from bench.perf import infra
from bench.perf.measure import Context, Measurement, Result, repeat, result
from bench.perf.projection import STACK, TOPIC, UNIT, build_topic, prepared_topic, topic_events
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_platform.kafka.clients import make_replay_consumer
from outreach_replay.rebuild import rebuild
from outreach_replay.sources import KafkaSource
from outreach_replay.writer import ReplayWriter


def replay_rate(ctx: Context) -> Result:
    topic, total = prepared_topic(ctx), topic_events(ctx)
    bootstrap = infra.kafka().bootstrap

    def once(_index: int) -> float:
        with infra.pg_engine("replay", schema=False) as (_db, engine):  # the writer makes it
            source = KafkaSource(make_replay_consumer(bootstrap), topic)
            stats = rebuild(source, ReplayWriter(engine))  # outreach replay's defaults
        if stats.applied != total:
            raise RuntimeError(f"the replay applied {stats.applied:,} of {total:,} events")
        return stats.events / stats.seconds

    detail = f"{total:,} events of {total // 50:,} fresh candidates, as `outreach replay`"
    return result(repeat(once), UNIT, Better.HIGHER, detail)


MEASUREMENTS = [Measurement("replay:kafka_to_postgres", replay_rate, (TOPIC, build_topic), STACK)]
ROWS = [
    Row(
        "replay, Kafka → PostgreSQL (`outreach replay --source kafka`, fresh candidates)",
        "replay:kafka_to_postgres",
        "projection:bare_consumer_json",
        "bare consumer decoding the JSON",
    ),
]
