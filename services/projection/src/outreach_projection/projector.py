"""Moves events from a feed into the read model, one committed batch at a time."""

import logging
import threading
import time

from sqlalchemy.exc import DBAPIError

from outreach_projection import metrics
from outreach_projection.feeds import Feed
from outreach_projection.write import ProjectionStore

log = logging.getLogger(__name__)


class Projector:
    def __init__(self, store: ProjectionStore, feed: Feed, batch_size: int = 500) -> None:
        self._store = store
        self._feed = feed
        self._batch_size = batch_size
        self._rewind = False

    def step(self) -> int:
        """Apply the next batch; returns how many events it held (0 when caught up)."""
        stored = self._store.positions()
        if self._rewind:
            # The last batch failed: a Kafka consumer has moved past it, so go back.
            self._feed.rewind(stored)
            self._rewind = False
        events, positions = self._feed.poll(stored, self._batch_size)
        if not positions:
            return 0
        started = time.perf_counter()
        quarantined, skipped = self._store.quarantined, self._store.skipped
        applied = self._store.apply(events, positions)
        quarantined = self._store.quarantined - quarantined  # counted by partner in apply
        quarantined += self._store.skipped - skipped  # erased: not redeliveries either
        metrics.APPLY_LATENCY.observe(time.perf_counter() - started)
        metrics.EVENTS_APPLIED.inc(applied)
        metrics.EVENTS_REDELIVERED.inc(len(events) - applied - quarantined)
        metrics.LAST_APPLIED.set(time.time())
        if events:
            metrics.NEWEST_EVENT_RECEIVED.set(max(e.received_at for e in events).timestamp())
        # A batch of only unreadable records still moved the feed: report progress.
        return len(events) or 1

    def catch_up(self) -> int:
        total = 0
        while moved := self.step():
            total += moved
        return total

    def run(self, stop: threading.Event, idle_seconds: float) -> None:
        """Follow the feed until ``stop`` is set; a failed batch is retried from the stored
        positions, which is what makes a crash or a conflict lose and double nothing."""
        while not stop.is_set():
            try:
                moved = self.step()
            except DBAPIError:
                log.warning(
                    "projection batch failed; retrying from stored positions", exc_info=True
                )
                self._rewind = True
                moved = 0
            if not moved:
                stop.wait(idle_seconds)
