"""Publishes recorded events and waits for the broker's acknowledgement of each."""

from collections.abc import Sequence

from kafka import KafkaProducer

from outreach_platform.outbox import OutboxRecord
from outreach_platform.publications import Placement

# Longer than delivery_timeout_ms, so a healthy producer always finishes first; a producer
# wedged by a broker outage raises instead of hanging the relay for good.
FLUSH_TIMEOUT_SECONDS = 45.0


class KafkaPublisher:
    def __init__(self, producer: KafkaProducer, topic: str) -> None:
        self._producer = producer
        self._topic = topic

    def publish(self, events: Sequence[OutboxRecord]) -> list[Placement]:
        """Where each event landed, in order; raises ``KafkaError`` when any was not acked."""
        send, topic = self._producer.send, self._topic
        futures = [send(topic, key=item.key, value=item.value) for item in events]
        self._producer.flush(timeout=FLUSH_TIMEOUT_SECONDS)
        placements = []
        for future in futures:
            meta = future.get(timeout=FLUSH_TIMEOUT_SECONDS)
            placements.append(Placement(meta.topic, meta.partition, meta.offset))
        return placements

    def close(self) -> None:
        self._producer.close(timeout=5)
