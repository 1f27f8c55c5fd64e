"""What the relay depends on, as protocols: where it reads, where it publishes, and where it
records how far it got. The composition root plugs in the event store, Kafka and SQL; a
unit test plugs in plain objects."""

from collections.abc import Sequence
from typing import Protocol

from outreach_platform.outbox import Outbox, OutboxRecord
from outreach_platform.publications import Placement, Publication

__all__ = ["Outbox", "Progress", "Publisher"]


class Publisher(Protocol):
    def publish(self, events: Sequence[OutboxRecord]) -> list[Placement]:
        """Where each event landed, in order, once the broker acknowledged all of them."""
        ...


class Progress(Protocol):
    def position(self) -> int:
        """The last notification id published (0 before the first)."""
        ...

    def published(self, batch: Sequence[Publication], reached: int) -> None:
        """Record the batch's placements and move the position to ``reached``, atomically."""
        ...
