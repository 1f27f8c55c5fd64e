"""The projector's loop with one batch in flight: the next batch is polled and decoded
while the last one is written.

A projector that polls, then writes, then polls waits for the database a third of its
time (``make bench``: the process was on a core 66 % of the time); the interpreter lock is
free while it waits, so the poll can run then (ADR 0012, "One batch in flight").

Order and failures are what keep this correct. One writer applies batches in the order
they were polled. When a write fails, every batch polled behind it is dropped unapplied
(applied, it would move the positions past the failed events, which would then never be
applied), and the feed goes back to the stored positions, as the loop without a batch in
flight did after any failure. A batch applied twice (polled again after a rebalance
while it was in flight) is a redelivery: ``apply`` stores nothing of it twice.
"""

import logging
import queue
import threading
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError

from outreach_projection.feeds import Batch, Feed
from outreach_projection.write import ProjectionStore

log = logging.getLogger(__name__)


class _Writer(threading.Thread):
    """Applies batches in order; after a failure, drops them until the loop has gone back
    to the stored positions (``_recover``)."""

    def __init__(self, write: Callable[[Batch], None]) -> None:
        super().__init__(name="projection-writer", daemon=True)
        self._write = write
        self.batches: queue.Queue[Batch | None] = queue.Queue(maxsize=1)
        self.failed = threading.Event()
        self.crash: BaseException | None = None

    def run(self) -> None:
        while True:
            batch = self.batches.get()
            try:
                if batch is None:
                    return
                if not self.failed.is_set():
                    self._write(batch)
            except DBAPIError:
                log.warning(
                    "projection batch failed; retrying from stored positions", exc_info=True
                )
                self.failed.set()
            except BaseException as error:  # a bug, not the database: the loop re-raises it
                self.crash = error
                self.failed.set()
            finally:
                self.batches.task_done()


def run_pipelined(
    store: ProjectionStore,
    feed: Feed,
    batch_size: int,
    write: Callable[[Batch], None],
    stop: threading.Event,
    idle_seconds: float,
) -> None:
    """Follow ``feed`` until ``stop`` is set, ``write`` applying each batch in a thread."""
    writer = _Writer(write)
    writer.start()
    ahead: dict[str, int] = {}  # what the read model reaches once the batches in flight apply
    try:
        while not stop.is_set():
            moved = False
            try:
                if writer.failed.is_set():
                    ahead = _recover(writer, store, feed)
                events, positions = feed.poll({**store.positions(), **ahead}, batch_size)
                if positions:
                    writer.batches.put((events, positions))
                    ahead.update(positions)
                    moved = True
            except DBAPIError:
                log.warning("projection could not read its positions", exc_info=True)
                writer.failed.set()  # go back to the stored positions once they can be read
            if not moved:
                stop.wait(idle_seconds)
    finally:
        writer.batches.put(None)  # the batches in flight are finished, not abandoned
        writer.join()


def _recover(writer: _Writer, store: ProjectionStore, feed: Feed) -> dict[str, int]:
    """After a failed write: wait until every batch behind it is dropped, then go back to
    the stored positions; nothing is in flight any more."""
    writer.batches.join()
    if writer.crash is not None:
        raise writer.crash
    feed.rewind(store.positions())
    writer.failed.clear()
    return {}
