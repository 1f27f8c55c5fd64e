"""What ``GET /v1/candidates/{id}/diagnosis`` answers (docs/contract.md sections 2 and 3)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict


class ReasonSlug(StrEnum):
    """The seven reasons networking is not working, in the order a diagnosis lists them.

    - `too_few_contacts`: too few distinct contacts reached each week (target 15)
    - `departure_story`: the story told about leaving contradicts the record, or is vague
    - `wrong_season`: outreach falls in the low seasons (mid-June to Labor Day, Thanksgiving
      to New Year's Day)
    - `prior_impression`: referrals stall through contacts with a poor impression
    - `contact_lacks_leverage`: meetings and referrals never reach someone who can hire
    - `presentation`: spelling, grammar or other findings in what the candidate submitted
    - `unwilling_contact`: time goes to contacts unwilling to help
    """

    TOO_FEW_CONTACTS = "too_few_contacts"
    DEPARTURE_STORY = "departure_story"
    WRONG_SEASON = "wrong_season"
    PRIOR_IMPRESSION = "prior_impression"
    CONTACT_LACKS_LEVERAGE = "contact_lacks_leverage"
    PRESENTATION = "presentation"
    UNWILLING_CONTACT = "unwilling_contact"


class Status(StrEnum):
    """How a reason applies.

    - `problem`: it applies: act on the advice
    - `at_risk`: it is starting to apply
    - `ok`: it does not apply
    - `insufficient_data`: the data cannot decide it yet (the summary says what would)
    """

    PROBLEM = "problem"
    AT_RISK = "at_risk"
    OK = "ok"
    INSUFFICIENT_DATA = "insufficient_data"


_VERDICT_EXAMPLE: JsonDict = {
    "reason": "too_few_contacts",
    "title": "Too few contacts",
    "status": "problem",
    "score": 0.83,
    "summary": "4 distinct contacts a week over the last 4 full weeks, against a target of 15.",
    "evidence": {"contacts_per_week": 4.0, "target_per_week": 15},
    "event_ids": ["6f1c3a52-1d7e-4c51-9a63-2a0f6f0b9e03"],
    "advice": "Reach 11 more people a week: former colleagues first, then alumni.",
}


class ReasonVerdict(BaseModel):
    model_config = ConfigDict(frozen=True, json_schema_extra={"examples": [_VERDICT_EXAMPLE]})

    reason: ReasonSlug = Field(description="which of the seven reasons")
    title: str = Field(description="the reason in words")
    status: Status = Field(description="how it applies")
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
    advice: str = Field(description="what the candidate should do about it")


class Diagnosis(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "candidate_id": "cand-42",
                    "as_of": "2026-11-02",
                    "known_at": None,
                    "events_considered": 38,
                    "reasons": [_VERDICT_EXAMPLE],
                    "rules_version": "2026-12-01.1",
                    "thresholds": {"contacts_per_week": 15},
                }
            ]
        },
    )

    candidate_id: str = Field(description="the partner's id for the candidate")
    as_of: date = Field(description="the day it is a diagnosis of: events after it do not count")
    known_at: datetime | None = Field(
        default=None, description="if given: only events received by then counted (audit)"
    )
    events_considered: int = Field(description="the events that counted")
    reasons: list[ReasonVerdict] = Field(description="the seven reasons, always in this order")
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
