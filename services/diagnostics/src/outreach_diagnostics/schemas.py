"""What ``GET /v1/candidates/{id}/state`` answers (the diagnosis is the contract's)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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
