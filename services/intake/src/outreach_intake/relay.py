"""The relay: publishes the outbox (the event store's notification log) to Kafka, in order.

It records its position only after the broker acknowledged a batch, so a crash or a
broker outage loses nothing; it may publish a batch twice, which the projection absorbs.
"""

import logging
import threading
import time
from datetime import UTC, datetime

from kafka import KafkaProducer
from kafka.errors import KafkaError

from outreach_contract.codec import canonical_json
from outreach_intake import relay_metrics as metrics
from outreach_intake.outbox import OutboxReader
from outreach_intake.relay_store import Publication, RelayStore

log = logging.getLogger(__name__)
# Longer than delivery_timeout_ms, so a healthy producer always finishes first; a producer
# wedged by a broker outage raises instead of hanging the relay for good.
FLUSH_TIMEOUT_SECONDS = 45.0


def make_producer(bootstrap: str) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,  # with retries, keeps each partition in order and unduplicated
        linger_ms=5,
        batch_size=256 * 1024,
        compression_type=None,
        max_block_ms=10_000,
        request_timeout_ms=10_000,
        delivery_timeout_ms=30_000,
    )


class Relay:
    def __init__(
        self,
        outbox: OutboxReader,
        store: RelayStore,
        producer: KafkaProducer,
        topic: str,
        batch_size: int = 1_000,
    ) -> None:
        self._outbox = outbox
        self._store = store
        self._producer = producer
        self._topic = topic
        self._batch_size = batch_size

    def step(self) -> int:
        """Publish the next batch and record it; returns its size (0 when caught up)."""
        after = self._store.position()
        # The head is taken before the read. Notification ids become visible in order (the
        # event store serialises its writers), so the read sees every notification up to it.
        head = self._outbox.head()
        metrics.LAG.set(max(head - after, 0))
        events = self._outbox.read(after, self._batch_size)
        if not events:
            if head > after:
                # Only notifications the relay does not publish (claims, receipts) are
                # left: pass over them, or the lag would never come back to zero.
                self._store.published([], head)
            return 0
        started = time.perf_counter()
        futures = [
            self._producer.send(
                self._topic, key=item.stream_key.encode(), value=canonical_json(item)
            )
            for item in events
        ]
        self._producer.flush(timeout=FLUSH_TIMEOUT_SECONDS)
        acked = [future.get(timeout=FLUSH_TIMEOUT_SECONDS) for future in futures]
        now = datetime.now(UTC)
        caught_up = len(events) < self._batch_size
        self._store.published(
            [
                Publication(
                    item.partner,
                    str(item.event.event_id),
                    item.position,
                    meta.topic,
                    meta.partition,
                    meta.offset,
                )
                for item, meta in zip(events, acked, strict=True)
            ],
            max(events[-1].position, head) if caught_up else events[-1].position,
        )
        metrics.BATCH_SECONDS.observe(time.perf_counter() - started)
        metrics.PUBLISHED.inc(len(events))
        for item in events:
            metrics.DELAY.observe((now - item.received_at).total_seconds())
        return len(events)

    def run(self, stop: threading.Event, idle_seconds: float) -> None:
        """Publish until ``stop`` or the first Kafka failure. After a failure the caller
        builds a new producer: one that lived through an outage may hold expired batches
        and stale idempotence sequence numbers. The next one starts from the stored position."""
        while not stop.is_set():
            try:
                moved = self.step()
            except KafkaError:
                metrics.FAILURES.inc()
                log.warning("publishing to Kafka failed; resuming from the stored position")
                return
            if not moved:
                stop.wait(idle_seconds)
