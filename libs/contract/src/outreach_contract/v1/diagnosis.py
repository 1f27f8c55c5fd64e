"""What ``GET /v1/candidates/{id}/diagnosis`` answers (DESIGN.md sections 3 and 4)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ReasonSlug(StrEnum):
    TOO_FEW_CONTACTS = "too_few_contacts"
    DEPARTURE_STORY = "departure_story"
    WRONG_SEASON = "wrong_season"
    PRIOR_IMPRESSION = "prior_impression"
    CONTACT_LACKS_LEVERAGE = "contact_lacks_leverage"
    PRESENTATION = "presentation"
    UNWILLING_CONTACT = "unwilling_contact"


class Status(StrEnum):
    PROBLEM = "problem"
    AT_RISK = "at_risk"
    OK = "ok"
    INSUFFICIENT_DATA = "insufficient_data"


class ReasonVerdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    reason: ReasonSlug
    title: str
    status: Status
    score: float = Field(ge=0.0, le=1.0, description="how strongly this reason applies")
    summary: str = Field(description="one sentence on what the data shows")
    evidence: dict[str, Any] = Field(description="the figures behind the verdict")
    event_ids: list[str] = Field(description="the events that drove the verdict")
    advice: str


class Diagnosis(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: str
    as_of: date
    known_at: datetime | None = None
    events_considered: int
    reasons: list[ReasonVerdict]
