"""The consumer-lag gauge through rebalances, on a real broker: every partition an instance
owns reports its lag, the ones it kept and the ones it took over, caught up and idle.

kafka-python knows a partition's end only from a fetch response that carries it, and a
rebalance gives it a fresh partition state without one; a kept idle partition could then
go unreported until new records arrived (seen in the distributed rebalance test, whose
check reads this gauge), so the feed looks such ends up itself (``KafkaFeed``).
"""

import time
import uuid

import pytest
from kafka import KafkaProducer
from prometheus_client import REGISTRY

from outreach_platform.kafka.clients import make_group_consumer
from outreach_platform.kafka.topics import ensure_topic
from outreach_projection.kafka_feed import KafkaFeed
from tests.support.servers import KafkaServer

pytestmark = pytest.mark.kafka
PARTITIONS = 2


class NoStoredPositions:
    def positions(self, prefix: str = "") -> dict[str, int]:
        return {}  # every partition read from its beginning


def lag(topic: str, partition: int) -> float | None:
    labels = {"feed": f"{topic}-{partition}"}
    return REGISTRY.get_sample_value("outreach_projection_consumer_lag", labels)


def poll_for(feeds: list[KafkaFeed], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for feed in feeds:  # every member polls, or the group cannot finish a rebalance
            feed.poll({}, 500)


def test_a_partition_kept_through_a_rebalance_still_reports_its_lag(kafka: KafkaServer) -> None:
    topic, group = f"lag.t{uuid.uuid4().hex[:10]}", f"lag-{uuid.uuid4().hex[:10]}"
    ensure_topic(kafka.bootstrap, topic, PARTITIONS)
    producer = KafkaProducer(bootstrap_servers=kafka.bootstrap)
    for n in range(20):
        producer.send(topic, value=b"{}", partition=n % PARTITIONS)
    producer.flush()
    producer.close()

    first = KafkaFeed(make_group_consumer(kafka.bootstrap, group, 3), topic, NoStoredPositions())
    poll_for([first], 5)  # alone: both partitions, read to the end
    assert [lag(topic, p) for p in range(PARTITIONS)] == [0, 0]

    second = KafkaFeed(make_group_consumer(kafka.bootstrap, group, 3), topic, NoStoredPositions())
    try:
        poll_for([first, second], 12)  # the rebalance: one partition each, both idle
        assert [lag(topic, p) for p in range(PARTITIONS)] == [0, 0]
        second.close()  # leaves: the first takes its partition and keeps its own
        poll_for([first], 12)
        assert [lag(topic, p) for p in range(PARTITIONS)] == [0, 0]
    finally:
        second.close()
        first.close()
