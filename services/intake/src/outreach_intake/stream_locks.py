"""Writers to one candidate stream take turns inside a process.

Optimistic concurrency lets only one of N racing saves of a stream win; the others reload
and retry, and with twenty clients on one candidate a request could lose every time. A
lock per stream (striped: a fixed set of locks, a stream hashed onto one) turns the race
into a queue within the process. Across processes the retry loop still decides.
"""

import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from uuid import UUID


class StripedLocks:
    def __init__(self, stripes: int = 64) -> None:
        self._locks = [threading.Lock() for _ in range(stripes)]

    @contextmanager
    def holding(self, keys: Iterable[UUID]) -> Iterator[None]:
        """Hold the locks of every key; always taken in stripe order, so two batches
        touching the same candidates in another order cannot deadlock."""
        stripes = sorted({key.int % len(self._locks) for key in keys})
        with ExitStack() as held:
            for stripe in stripes:
                held.enter_context(self._locks[stripe])
            yield
