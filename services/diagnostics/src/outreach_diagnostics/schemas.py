"""What ``GET /v1/candidates/{id}/state`` and ``GET /v1/candidates`` answer (the diagnosis
is the contract's)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from outreach_contract.v1 import ReasonSlug, Status
from outreach_contract.v1 import data as d
from outreach_domain.state import Fact


class CandidateStateView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "candidate_id": "cand-42",
                    "events": 3,
                    "profile": {"country": "US", "timezone": "America/New_York"},
                    "summary": {  # abridged: every week and total has more counts
                        "candidate_id": "cand-42",
                        "events": 3,
                        "totals": {"contacts_reached": 1, "meetings": 0, "referrals": 0},
                        "weeks": [{"iso_week": "2026-W41", "contacts_reached": 1, "replies": 0}],
                    },
                }
            ]
        }
    )

    candidate_id: str = Field(description="the partner's id for the candidate")
    events: int = Field(description="recorded events (facts) in the projected state")
    # Left out when there is none (the route excludes None): optional, not required.
    profile: d.CandidateRegisteredData | None = Field(
        default=None, description="the latest candidate.registered data, if any"
    )
    summary: dict[str, Any] = Field(
        description="the weekly funnel (per ISO week, in the candidate's time zone) and totals"
    )
    facts: list[Fact] | None = Field(
        default=None, description="every recorded fact, when include_facts=true"
    )


class CandidateListItem(BaseModel):
    """One candidate of ``GET /v1/candidates``, with its stored statuses."""

    candidate_id: str = Field(description="the partner's own id for the candidate")
    reasons: dict[ReasonSlug, Status] = Field(
        description="each reason's current status, as last computed (reason slug to status)"
    )
    updated_at: datetime = Field(description="when one of the candidate's statuses last changed")


class CandidateList(BaseModel):
    """A page of ``GET /v1/candidates``, in candidate id order."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "data": [
                        {
                            "candidate_id": "cand-42",
                            "reasons": {
                                "too_few_contacts": "problem",
                                "departure_story": "ok",
                                "wrong_season": "at_risk",
                                "prior_impression": "ok",
                                "contact_lacks_leverage": "insufficient_data",
                                "presentation": "ok",
                                "unwilling_contact": "ok",
                            },
                            "updated_at": "2026-12-01T12:00:00Z",
                        }
                    ],
                    "next_cursor": "eyJhZnRlciI6ImNhbmQtNDIifQ",
                }
            ]
        }
    )

    data: list[CandidateListItem] = Field(description="the candidates of this page")
    next_cursor: str | None = Field(
        description="pass as cursor for the next page; null on the last page"
    )
