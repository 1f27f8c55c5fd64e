"""What ``GET /v1/candidates/{id}/diagnosis`` answers (docs/contract.md sections 2 and 3)."""

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
    score: float = Field(
        ge=0.0,
        le=1.0,
        description="how strongly this reason applies, banded by status so that it orders "
        "verdicts: problem 0.667-1, at_risk 0.334-0.666, ok 0-0.333, insufficient_data 0; "
        "within a band, the rule's strength (docs/adr/0004)",
    )
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
    # Added to v1 (DESIGN 3.1), with defaults so that a diagnosis stored or sent before
    # them still reads.
    rules_version: str | None = Field(
        default=None,
        description="the version of the seven rules that gave this diagnosis; it changes "
        "whenever a rule does, so two diagnoses of the same facts with the same "
        "rules_version and thresholds are the same",
    )
    thresholds: dict[str, Any] = Field(
        default_factory=dict,
        description="every threshold the rules used (name to value), as configured",
    )
