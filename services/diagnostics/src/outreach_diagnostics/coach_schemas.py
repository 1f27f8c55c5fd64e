"""What the coach's routes answer: next actions, what-if and cohort (DESIGN 3.1).

Nullable fields default to None, so the schema does not require them: FastAPI drops the
nulls of an example from the document, and a required one would make it invalid. The
routes still send them, as null."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from outreach_contract.v1 import ReasonSlug
from outreach_diagnostics.coach_examples import COHORT, NEXT_ACTIONS, WHAT_IF


class NextAction(BaseModel):
    due: date = Field(description="the day to do it (before as_of: overdue)")
    action: str = Field(description="what to do, in words, naming the contact")
    reason: ReasonSlug = Field(description="the reason of the seven it serves")
    contact_id: str | None = Field(default=None, description="the contact it is about, if one")
    event_ids: list[str] = Field(description="the events behind it")


class NextActions(BaseModel):
    """``GET /v1/candidates/{candidate_id}/next-actions``: dated to-dos, soonest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [NEXT_ACTIONS]})

    candidate_id: str = Field(description="the partner's id for the candidate")
    as_of: date = Field(description="the day the actions are dated from")
    actions: list[NextAction] = Field(description="the to-dos, soonest due first")


class RatesView(BaseModel):
    source: str = Field(
        description="'partner': this partner's own observed rates; 'seed': 3 per 15"
    )
    solid_leads_per_contact: float = Field(description="solid leads per contact reached a week")
    interviews_per_solid_lead: float | None = Field(default=None, description="null when not known")
    candidates: int = Field(description="the partner's candidates behind the rates (0: the seed's)")
    min_candidates: int = Field(description="candidates needed before the partner's rates are used")
    explanation: str = Field(description="where the rates come from, in words")


class WeekForecastView(BaseModel):
    week_of: date = Field(description="the week's first day")
    contacts: int = Field(description="contacts reached that week")
    low_season: str | None = Field(
        default=None, description="the low season the week falls in, if any"
    )
    expected_solid_leads: float = Field(description="solid leads to expect that week")
    expected_interviews: float | None = Field(
        default=None,
        description="interviews to expect that week; null when no interview rate is known",
    )


class WhatIf(BaseModel):
    """``GET /v1/candidates/{candidate_id}/what-if``: a week-by-week projection."""

    model_config = ConfigDict(json_schema_extra={"examples": [WHAT_IF]})

    candidate_id: str = Field(description="the partner's id for the candidate")
    contacts_per_week: int = Field(description="the contacts reached each week, as asked")
    start: date = Field(description="the first week's first day")
    weeks: list[WeekForecastView] = Field(description="each projected week, in order")
    expected_solid_leads: float = Field(description="over all the weeks")
    expected_interviews: float | None = Field(
        default=None, description="over all the weeks; null when no interview rate is known"
    )
    low_season_yield: float = Field(
        description="a low-season week yields this share of a normal one"
    )
    rates: RatesView = Field(description="the rates the projection uses")


class Spread(BaseModel):
    p10: float = Field(description="the 10th percentile")
    p25: float = Field(description="the 25th percentile")
    p50: float = Field(description="the median")
    p75: float = Field(description="the 75th percentile")
    p90: float = Field(description="the 90th percentile")


class CohortView(BaseModel):
    """``GET /v1/cohort``: this partner's distribution of its candidates' figures."""

    model_config = ConfigDict(json_schema_extra={"examples": [COHORT]})

    candidates: int = Field(description="candidates in the group")
    min_candidates: int = Field(description="the smallest group whose figures are shown")
    country: str | None = Field(
        default=None, description="the country the group is limited to, if one"
    )
    target_role: str | None = Field(
        default=None, description="the target role the group is limited to, if one"
    )
    contacts_per_week: Spread = Field(description="distinct contacts reached a week, last 4 weeks")
    reply_rate: Spread | None = Field(
        default=None, description="contacts who replied / contacts reached"
    )
    hiring_authority_share: Spread | None = Field(
        default=None,
        description="referrals that reached a hiring manager or the team / referrals made",
    )
    flagged_share: dict[str, float] = Field(
        description="per reason, the share of candidates flagged problem or at_risk"
    )
