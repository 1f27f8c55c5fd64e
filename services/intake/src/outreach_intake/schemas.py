"""What the intake answers (its input schema is the contract's ``EventBatch``)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from outreach_intake.history import Trail, TrailEntry


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
    receipts: list[Receipt] = Field(
        description="The first receipt (the one recorded) and, when the event was received "
        "again, the last one. Until the receipt count was added this listed every receipt; "
        "it now lists at most these two, and `receipt_count` says how many there were."
    )
    receipt_count: int = Field(
        ge=1, description="How many times the event was received: 1 plus its duplicates."
    )


class AuditTrail(BaseModel):
    partner: str
    candidate_id: str
    events: list[AuditEntry]
    next_cursor: str | None = Field(
        default=None,
        description="with limit: pass as cursor for the next page; null on the last page "
        "(and always without limit, when every event is listed)",
    )

    @classmethod
    def of(
        cls, trail: Trail, entries: list[TrailEntry] | None = None, next_cursor: str | None = None
    ) -> "AuditTrail":
        listed = trail.entries if entries is None else entries
        return cls(
            partner=trail.partner,
            candidate_id=trail.candidate_id,
            events=[_entry(trail.partner, entry) for entry in listed],
            next_cursor=next_cursor,
        )


def _entry(partner: str, entry: TrailEntry) -> AuditEntry:
    placed = entry.placement
    return AuditEntry(
        event=entry.envelope,
        partner=partner,
        received_at=entry.received_at,
        key_id=entry.key_id,
        position=entry.position,
        kafka=KafkaPlacement(topic=placed.topic, partition=placed.partition, offset=placed.offset)
        if placed
        else None,
        receipts=[Receipt(received_at=r.received_at, key_id=r.key_id) for r in entry.receipts],
        receipt_count=entry.receipt_count,
    )
