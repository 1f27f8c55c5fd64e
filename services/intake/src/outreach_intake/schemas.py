"""What the intake answers (its input schema is the contract's ``EventBatch``)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent


class IngestResult(BaseModel):
    accepted: int
    duplicates: int
    duplicate_indexes: list[int]


class Receipt(BaseModel):
    received_at: datetime
    key_id: str


class KafkaPlacement(BaseModel):
    topic: str
    partition: int
    offset: int


class AuditEntry(BaseModel):
    event: dict[str, Any]
    partner: str
    received_at: datetime
    key_id: str
    position: int
    """Notification id in the event store."""
    kafka: KafkaPlacement | None
    """Where the relay published it; None until it has (or when no relay runs)."""
    receipts: list[Receipt]
    """Every arrival, the first being the one recorded; the others were duplicates."""

    def recorded(self) -> RecordedEvent:
        return RecordedEvent(
            partner=self.partner,
            received_at=self.received_at,
            position=self.position,
            event=EVENT_ADAPTER.validate_python(self.event),
        )


class AuditTrail(BaseModel):
    partner: str
    candidate_id: str
    events: list[AuditEntry]
