"""The relay: publishes the outbox (the event store's notification log) to Kafka, in order.

It records its position only after the broker acknowledged a batch, so a crash or a
broker outage loses nothing; it may publish a batch twice, which the projection absorbs.
"""

import logging
import threading
import time
from datetime import UTC, datetime

from kafka.errors import KafkaError

from outreach_platform.publications import Publication
from outreach_relay import metrics
from outreach_relay.ports import Outbox, Progress, Publisher

log = logging.getLogger(__name__)


# Each batch ends with a flush that waits for the broker's acknowledgement with the
# producer's pipeline empty: fewer, larger batches wait fewer times over a backlog (issue
# 11, ADR 0012). A batch is what is there, so a quiet outbox still sends at once.
BATCH_SIZE = 5_000


class Relay:
    def __init__(
        self, outbox: Outbox, progress: Progress, publisher: Publisher, batch_size: int = BATCH_SIZE
    ) -> None:
        self._outbox = outbox
        self._progress = progress
        self._publisher = publisher
        self._batch_size = batch_size

    def step(self) -> int:
        """Publish the next batch and record it; returns its size (0 when caught up)."""
        after = self._progress.position()
        # The head is taken before the read. Notification ids become visible in order (the
        # event store serialises its writers), so the read sees every notification up to it.
        head = self._outbox.head()
        metrics.LAG.set(max(head - after, 0))
        events = self._outbox.records(after, self._batch_size)
        if not events:
            if head > after:
                # Only notifications the relay does not publish (claims, receipts) are
                # left: pass over them, or the lag would never come back to zero.
                self._progress.published([], head)
            return 0
        started = time.perf_counter()
        placements = self._publisher.publish(events)
        now = datetime.now(UTC)
        caught_up = len(events) < self._batch_size
        self._progress.published(
            [
                Publication(item.partner, item.event_id, item.position, placement)
                for item, placement in zip(events, placements, strict=True)
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
