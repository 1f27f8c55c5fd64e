"""The port every reader of the event store's notification log depends on: the relay, the
embedded projection and the replay. The intake's ``OutboxReader`` implements it."""

from datetime import datetime
from typing import NamedTuple, Protocol

from outreach_contract.codec import canonical_json
from outreach_contract.v1.personal import StoredRecord


class OutboxRecord(NamedTuple):
    """A recorded event as the relay publishes it: its key and value already encoded
    (``outreach_platform.kafka.records``), sealed as stored where it holds personal
    fields (ADR 0015), with what the relay's bookkeeping needs.

    A named tuple, as ``Placement`` is: the relay builds one for every event it publishes."""

    partner: str
    event_id: str
    position: int
    received_at: datetime
    key: bytes
    value: bytes

    @classmethod
    def of(cls, item: StoredRecord) -> "OutboxRecord":
        return cls(
            partner=item.partner,
            event_id=str(item.event.event_id),
            position=item.position,
            received_at=item.received_at,
            key=item.stream_key.encode(),
            value=canonical_json(item),
        )


class Outbox(Protocol):
    def read(self, after: int, limit: int) -> list[StoredRecord]:
        """Recorded events after notification id ``after`` (ids may have gaps), in order,
        as stored: sealed where they hold personal fields."""
        ...

    def records(self, after: int, limit: int) -> list[OutboxRecord]:
        """The same events as ``read``, encoded as the relay publishes them."""
        ...

    def head(self) -> int:
        """The newest notification id, recorded event or not (0 when empty)."""
        ...
