"""Where the projection gets recorded events from. Every feed reports positions by name
(``outreach_platform.feeds``), and the read model stores them with the state they produced.
"""

from typing import Protocol

from outreach_contract.v1.personal import StoredRecord
from outreach_platform.feeds import EVENT_STORE_FEED, Positions
from outreach_platform.outbox import Outbox

Batch = tuple[list[StoredRecord], dict[str, int]]
"""Events in feed order, and the positions the read model reaches once they are applied."""


class Feed(Protocol):
    def poll(self, positions: Positions, limit: int) -> Batch: ...

    def rewind(self, positions: Positions) -> None:
        """Go back to the stored positions: the last batch polled was not applied."""


class EventStoreFeed:
    """Follows the event store's notification log directly (the embedded default).

    SQLite cannot be subscribed to (eventsourcing's SQLite recorder has no ``subscribe``),
    so this polls; positions are notification ids and may have gaps, hence "greater than
    the last", never "+1".
    """

    name = EVENT_STORE_FEED

    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox

    def poll(self, positions: Positions, limit: int) -> Batch:
        events = self._outbox.read(positions.get(self.name, 0), limit)
        return events, ({self.name: events[-1].position} if events else {})

    def rewind(self, positions: Positions) -> None:
        pass  # every poll starts from the stored positions anyway


class MemoryFeed:
    """A feed over an in-memory log, which behaves like a Kafka consumer: it starts after
    the stored position (Kafka seeks there on assignment), and its cursor moves with every
    poll whether or not the batch is applied, so the projector must rewind after a failure.
    The projection's feed contract runs on it as on the real feeds; positions are indexes
    into ``log``, which several feeds may share (a restarted consumer)."""

    def __init__(self, log: list[StoredRecord], name: str = "memory") -> None:
        self.name = name
        self._log = log
        self._cursor: int | None = None

    def poll(self, positions: Positions, limit: int) -> Batch:
        if self._cursor is None:
            self.rewind(positions)
        start = self._cursor or 0
        batch = self._log[start : start + limit]
        self._cursor = start + len(batch)
        return list(batch), ({self.name: self._cursor - 1} if batch else {})

    def rewind(self, positions: Positions) -> None:
        self._cursor = positions.get(self.name, -1) + 1
