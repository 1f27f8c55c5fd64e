"""Publishes recorded events and waits for the broker's acknowledgement of each."""

from collections.abc import Sequence
from functools import lru_cache

from kafka import KafkaProducer
from kafka.partitioner.default import murmur2

from outreach_platform.outbox import OutboxRecord
from outreach_platform.publications import Placement

# Longer than delivery_timeout_ms, so a healthy producer always finishes first; a producer
# wedged by a broker outage raises instead of hanging the relay for good.
FLUSH_TIMEOUT_SECONDS = 45.0


@lru_cache(maxsize=65_536)
def _key_hash(key: bytes) -> int:
    """kafka-python's default partitioner's hash (the Java client's murmur2, positive).

    It is pure Python: with the sorting and copying of the partition lists the producer
    does for every record, choosing the partition was 13.5 % of the relay's time (issue 11,
    ADR 0012). A candidate's events share a key, so a backlog hashes each candidate once."""
    return int(murmur2(key)) & 0x7FFFFFFF


class KafkaPublisher:
    def __init__(self, producer: KafkaProducer, topic: str) -> None:
        self._producer = producer
        self._topic = topic

    def publish(self, events: Sequence[OutboxRecord]) -> list[Placement]:
        """Where each event landed, in order; raises ``KafkaError`` when any was not acked.

        Each record goes to the partition the default partitioner would choose (a
        candidate's events stay on one partition, in order); it is chosen here, once per
        key, and given to ``send``."""
        send, topic = self._producer.send, self._topic
        partitions = sorted(self._producer.partitions_for(topic))
        count = len(partitions)
        futures = [
            send(
                topic,
                key=item.key,
                value=item.value,
                partition=partitions[_key_hash(item.key) % count],
            )
            for item in events
        ]
        self._producer.flush(timeout=FLUSH_TIMEOUT_SECONDS)
        placements = []
        for future in futures:
            meta = future.get(timeout=FLUSH_TIMEOUT_SECONDS)
            placements.append(Placement(meta.topic, meta.partition, meta.offset))
        return placements

    def close(self) -> None:
        self._producer.close(timeout=5)
