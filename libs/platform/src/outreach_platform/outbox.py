"""The port every reader of the event store's notification log depends on: the relay, the
embedded projection and the replay. The intake's ``OutboxReader`` implements it."""

from typing import Protocol

from outreach_contract.v1.personal import StoredRecord


class Outbox(Protocol):
    def read(self, after: int, limit: int) -> list[StoredRecord]:
        """Recorded events after notification id ``after`` (ids may have gaps), in order,
        as stored: sealed where they hold personal fields."""
        ...

    def head(self) -> int:
        """The newest notification id, recorded event or not (0 when empty)."""
        ...
