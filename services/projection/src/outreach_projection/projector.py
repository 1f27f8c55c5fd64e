"""Moves events from a feed into the read model, one committed batch at a time."""

import threading
import time

from outreach_projection import metrics
from outreach_projection.feeds import Batch, Feed
from outreach_projection.pipeline import run_pipelined
from outreach_projection.write import ProjectionStore


class Projector:
    def __init__(self, store: ProjectionStore, feed: Feed, batch_size: int = 500) -> None:
        self._store = store
        self._feed = feed
        self._batch_size = batch_size

    def step(self) -> int:
        """Apply the next batch; returns how many events it held (0 when caught up)."""
        events, positions = self._feed.poll(self._store.positions(), self._batch_size)
        if not positions:
            return 0
        self._write((events, positions))
        # A batch of only unreadable records still moved the feed: report progress.
        return len(events) or 1

    def _write(self, batch: Batch) -> None:
        events, positions = batch
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

    def catch_up(self) -> int:
        total = 0
        while moved := self.step():
            total += moved
        return total

    def run(self, stop: threading.Event, idle_seconds: float) -> None:
        """Follow the feed until ``stop`` is set, the next batch polled while the last is
        written (``pipeline.py``); a failed batch is retried from the stored positions,
        which is what makes a crash or a conflict lose and double nothing."""
        run_pipelined(self._store, self._feed, self._batch_size, self._write, stop, idle_seconds)
