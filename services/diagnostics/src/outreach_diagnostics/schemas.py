"""What ``GET /v1/candidates/{id}/state`` answers (the diagnosis is the contract's)."""

from typing import Any

from pydantic import BaseModel, Field

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
