"""What the intake answers (its input schema is the contract's ``EventBatch``)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from outreach_contract.v1.examples import example_event
from outreach_intake.history import Trail, TrailEntry

_RECEIVED: JsonDict = {"received_at": "2026-10-06T14:31:02.120000Z", "key_id": "0b4a3a9ca8e9"}


class IngestResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"accepted": 2, "duplicates": 1, "duplicate_indexes": [2]}]}
    )

    accepted: int = Field(description="events recorded by this request")
    duplicates: int = Field(description="events already recorded (or repeated in the batch)")
    duplicate_indexes: list[int] = Field(
        description="the positions in the batch of the duplicates, in order"
    )


class Receipt(BaseModel):
    received_at: datetime = Field(description="when the event arrived")
    key_id: str = Field(description="the id of the API key it arrived with")


class KafkaPlacement(BaseModel):
    topic: str = Field(description="the Kafka topic the relay published the event to")
    partition: int = Field(description="its partition (one candidate stays in one)")
    offset: int = Field(description="its offset in that partition")


class AuditEntry(BaseModel):
    event: dict[str, Any] = Field(description="the event's envelope, as recorded")
    partner: str = Field(description="the partner that owns the key it arrived with")
    received_at: datetime = Field(description="when it was first received")
    key_id: str = Field(description="the id of the API key it was first received with")
    position: int = Field(description="its notification id in the event store")
    kafka: KafkaPlacement | None = Field(
        description="where the relay published it; null until it has (or when no relay runs)"
    )
    receipts: list[Receipt] = Field(
        description="The first receipt (the one recorded) and, when the event was received "
        "again, the last one. Until the receipt count was added this listed every receipt; "
        "it now lists at most these two, and `receipt_count` says how many there were."
    )
    receipt_count: int = Field(
        ge=1, description="How many times the event was received: 1 plus its duplicates."
    )


class AuditTrail(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "partner": "acme",
                    "candidate_id": "cand-42",
                    "events": [
                        {
                            "event": example_event("outreach.sent"),
                            "partner": "acme",
                            **_RECEIVED,
                            "position": 3,
                            "kafka": {"topic": "outreach.events.v1", "partition": 4, "offset": 17},
                            "receipts": [_RECEIVED],
                            "receipt_count": 1,
                        }
                    ],
                    "next_cursor": None,
                }
            ]
        }
    )

    partner: str = Field(description="the partner whose candidate it is (the caller)")
    candidate_id: str = Field(description="the partner's id for the candidate")
    events: list[AuditEntry] = Field(description="every recorded event, in the order received")
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
