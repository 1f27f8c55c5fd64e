"""What ``GET /v1/candidates/{id}/state`` and ``GET /v1/candidates`` answer (the diagnosis
is the contract's)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from outreach_contract.v1 import ReasonSlug, Status
from outreach_contract.v1 import data as d
from outreach_domain.state import Fact


class CandidateStateView(BaseModel):
    candidate_id: str
    events: int = Field(description="recorded events (facts) in the projected state")
    # Left out when there is none (the route excludes None): optional, not required.
    profile: d.CandidateRegistered | None = Field(
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

    data: list[CandidateListItem] = Field(description="the candidates of this page")
    next_cursor: str | None = Field(
        description="pass as cursor for the next page; null on the last page"
    )
