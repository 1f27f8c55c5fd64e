"""The lag of an owned partition whose end kafka-python does not know: looked up, at most
once every few seconds, and reported like any other."""

from typing import Any

import pytest
from kafka import TopicPartition
from prometheus_client import REGISTRY

from outreach_projection import kafka_feed
from outreach_projection.kafka_feed import KafkaFeed

TOPIC = "lag.unit"
KEPT, MOVED = TopicPartition(TOPIC, 0), TopicPartition(TOPIC, 1)


class Consumer:
    """kafka-python's consumer as the feed uses it: the kept partition has no highwater."""

    def __init__(self) -> None:
        self.lookups: list[list[TopicPartition]] = []

    def subscribe(self, topics: list[str], listener: Any) -> None: ...

    def poll(self, timeout_ms: int, max_records: int) -> dict[Any, Any]:
        return {}

    def assignment(self) -> set[TopicPartition]:
        return {KEPT, MOVED}

    def highwater(self, tp: TopicPartition) -> int | None:
        return None if tp == KEPT else 40

    def position(self, tp: TopicPartition) -> int:
        return 30

    def end_offsets(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        self.lookups.append(partitions)
        return dict.fromkeys(partitions, 34)


class Store:
    def positions(self, prefix: str = "") -> dict[str, int]:
        return {}


def lag(tp: TopicPartition) -> float | None:
    labels = {"feed": f"{tp.topic}-{tp.partition}"}
    return REGISTRY.get_sample_value("outreach_projection_consumer_lag", labels)


def test_an_unknown_end_is_looked_up_and_its_lag_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("outreach_projection.kafka_feed.time.monotonic", lambda: now[0])
    consumer = Consumer()
    feed = KafkaFeed(consumer, TOPIC, Store())
    feed.poll({}, 10)
    assert (lag(KEPT), lag(MOVED)) == (4, 10)
    now[0] += kafka_feed.END_LOOKUP_SECONDS / 2
    feed.poll({}, 10)  # within the lookup interval: the end found is used again
    assert lag(KEPT) == 4
    assert consumer.lookups == [[KEPT]]
    now[0] += kafka_feed.END_LOOKUP_SECONDS
    feed.poll({}, 10)  # past it: looked up once more, only the partition still unknown
    assert consumer.lookups == [[KEPT], [KEPT]]
