"""The port every reader of the event store's notification log depends on: the relay, the
embedded projection and the replay. The intake's ``OutboxReader`` implements it."""

from typing import Protocol

from outreach_contract.v1 import RecordedEvent


class Outbox(Protocol):
    def read(self, after: int, limit: int) -> list[RecordedEvent]:
        """Recorded events after notification id ``after`` (ids may have gaps), in order."""
        ...

    def head(self) -> int:
        """The newest notification id, recorded event or not (0 when empty)."""
        ...
