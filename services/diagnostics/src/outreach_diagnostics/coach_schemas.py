"""What the coach's routes answer: next actions, what-if and cohort (DESIGN 3.1)."""

from datetime import date

from pydantic import BaseModel, Field

from outreach_contract.v1 import ReasonSlug


class NextAction(BaseModel):
    due: date = Field(description="the day to do it (before as_of: overdue)")
    action: str = Field(description="what to do, in words, naming the contact")
    reason: ReasonSlug = Field(description="the reason of the seven it serves")
    contact_id: str | None = Field(description="the contact it is about, if one")
    event_ids: list[str] = Field(description="the events behind it")


class NextActions(BaseModel):
    candidate_id: str
    as_of: date
    actions: list[NextAction]


class RatesView(BaseModel):
    source: str = Field(
        description="'partner': this partner's own observed rates; 'seed': 3 per 15"
    )
    solid_leads_per_contact: float = Field(description="solid leads per contact reached a week")
    interviews_per_solid_lead: float | None = Field(description="null when not known")
    candidates: int = Field(description="the partner's candidates behind the rates (0: the seed's)")
    min_candidates: int = Field(description="candidates needed before the partner's rates are used")
    explanation: str


class WeekForecastView(BaseModel):
    week_of: date
    contacts: int
    low_season: str | None = Field(description="the low season the week falls in, if any")
    expected_solid_leads: float
    expected_interviews: float | None


class WhatIf(BaseModel):
    candidate_id: str
    contacts_per_week: int
    start: date
    weeks: list[WeekForecastView]
    expected_solid_leads: float = Field(description="over all the weeks")
    expected_interviews: float | None
    low_season_yield: float = Field(
        description="a low-season week yields this share of a normal one"
    )
    rates: RatesView


class Spread(BaseModel):
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float


class CohortView(BaseModel):
    candidates: int = Field(description="candidates in the group")
    min_candidates: int
    country: str | None
    target_role: str | None
    contacts_per_week: Spread = Field(description="distinct contacts reached a week, last 4 weeks")
    reply_rate: Spread | None = Field(description="contacts who replied / contacts reached")
    hiring_authority_share: Spread | None = Field(
        description="referrals that reached a hiring manager or the team / referrals made"
    )
    flagged_share: dict[str, float] = Field(
        description="per reason, the share of candidates flagged problem or at_risk"
    )
