"""What the intake answers (its input schema is the contract's ``EventBatch``)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class IngestResult(BaseModel):
    accepted: int
    duplicates: int
    duplicate_indexes: list[int]


class Receipt(BaseModel):
    received_at: datetime
    key_id: str


class HistoryEntry(BaseModel):
    event: dict[str, Any]
    received_at: datetime
    key_id: str
    receipts: list[Receipt]
    """Every time this event arrived: the first is the one recorded, others were duplicates."""


class History(BaseModel):
    candidate_id: str
    events: list[HistoryEntry]
