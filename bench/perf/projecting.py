"""Running the product's projection loop (``Projector.run``, as the role runs it) until a
topic is applied, timed from the first poll that returns records to the write of the
last event: what the projection role does, measured from the outside."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from outreach import heap
from outreach_contract.v1.personal import StoredRecord
from outreach_platform.feeds import Positions
from outreach_projection.feeds import Batch, Feed
from outreach_projection.projector import Projector
from outreach_projection.write import ProjectionStore

IDLE_SECONDS = 0.01


class TimedFeed:
    """A feed that notes when its first non-empty poll began, and how many events the
    group had applied by then (``applied``: the shared count, if any)."""

    def __init__(self, feed: Feed, applied: Any = None) -> None:
        self._feed = feed
        self._applied = applied
        self.started = 0.0
        self.applied_before = 0

    def poll(self, positions: Positions, limit: int) -> Batch:
        before = time.monotonic()
        applied_before = self._applied.value if self._applied is not None else 0
        batch = self._feed.poll(positions, limit)
        if batch[1] and not self.started:
            self.started, self.applied_before = before, applied_before
        return batch

    def rewind(self, positions: Positions) -> None:
        self._feed.rewind(positions)


class CountingStore(ProjectionStore):
    """The product's store, adding each batch's new events to ``applied`` (shared by the
    members of a group: a ``multiprocessing.Value``) until ``total``. A batch redelivered
    by a rebalance adds nothing: ``apply`` counts only events new to the read model."""

    def __init__(self, engine: Any, applied: Any, total: int) -> None:
        super().__init__(engine)
        self.applied, self.total = applied, total
        self.finished = 0.0

    def apply(self, records: Sequence[StoredRecord], positions: Positions) -> int:
        new = super().apply(records, positions)
        with self.applied.get_lock():
            self.applied.value += new
        if new:
            self.finished = time.monotonic()
        return new


def run_until_applied(store: CountingStore, feed: TimedFeed, timeout_s: float = 300) -> None:
    """``Projector.run`` as the role runs it, stopped once the store has applied its total
    (by this process or, in a group, by any member)."""
    heap.settle()  # as ``outreach serve`` does before its workers start
    stop = threading.Event()
    projector = Projector(store, feed, batch_size=1_000)  # as the projection role
    loop = threading.Thread(target=projector.run, args=(stop, IDLE_SECONDS))
    loop.start()
    deadline = time.monotonic() + timeout_s
    while store.applied.value < store.total and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    loop.join()
    if store.applied.value < store.total:
        raise RuntimeError(f"the projection stopped at {store.applied.value}/{store.total}")
