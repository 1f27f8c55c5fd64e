"""Where the projection gets recorded events from. Every feed reports positions by name,
and the read model stores them with the state they produced."""

from typing import Protocol

from outreach_contract.v1 import RecordedEvent
from outreach_platform.readmodel import Positions

Batch = tuple[list[RecordedEvent], dict[str, int]]
"""Events in feed order, and the positions the read model reaches once they are applied."""


class Feed(Protocol):
    def poll(self, positions: Positions, limit: int) -> Batch: ...

    def rewind(self, positions: Positions) -> None:
        """Go back to the stored positions: the last batch polled was not applied."""


class OutboxReader(Protocol):
    def read(self, after: int, limit: int) -> list[RecordedEvent]: ...


class EventStoreFeed:
    """Follows the event store's notification log directly (the embedded default).

    SQLite cannot be subscribed to (NOTES.md), so this polls; positions are
    notification ids and may have gaps, hence "greater than the last", never "+1".
    """

    name = "event-store"

    def __init__(self, outbox: OutboxReader) -> None:
        self._outbox = outbox

    def poll(self, positions: Positions, limit: int) -> Batch:
        events = self._outbox.read(positions.get(self.name, 0), limit)
        return events, ({self.name: events[-1].position} if events else {})

    def rewind(self, positions: Positions) -> None:
        pass  # every poll starts from the stored positions anyway
