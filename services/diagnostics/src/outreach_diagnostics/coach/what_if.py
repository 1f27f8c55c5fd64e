"""What-if: the solid leads (and interviews) to expect per week at another volume or start.

The rates are the partner's own observed ones when at least ``min_group_size``
candidates give them (reached contacts, and for interviews solid leads), else the seed's:
3 solid leads per 15 contacts reached in a week, and no interview rate (the seed gives
none, so none is invented). A week's expectation is scaled down by the share of its
business days that fall in a low season of the candidate's country, at
``low_season_yield`` of a normal week.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.seasons import Season
from outreach_diagnostics.thresholds import Thresholds

SeasonOn = Callable[[date], Season | None]


@dataclass(frozen=True)
class Observed:
    """The totals of a partner's candidates that give a lead rate (they reached contacts
    and have leads on record): contact-weeks (a contact reached in a week, once per
    week), solid leads and interviews."""

    contact_weeks: int
    solid_leads: int
    interviews: int
    candidates: int  # candidates giving the rates
    candidates_with_leads: int  # candidates with at least one solid lead


@dataclass(frozen=True)
class Rates:
    source: Literal["seed", "partner"]
    solid_leads_per_contact: float
    interviews_per_solid_lead: float | None
    candidates: int  # the partner's candidates behind the rates (0 for the seed's)
    explanation: str


@dataclass(frozen=True)
class WeekForecast:
    week_of: date
    contacts: int
    low_season: str | None  # the season's label when any of the week's days are in it
    expected_solid_leads: float
    expected_interviews: float | None


def choose_rates(observed: Observed | None, thresholds: Thresholds, rules: CoachRules) -> Rates:
    seed = thresholds.solid_lead_yield
    if observed is None or observed.candidates < rules.min_group_size:
        given = observed.candidates if observed else 0
        return Rates(
            "seed",
            seed,
            None,
            0,
            f"the seed's {thresholds.solid_leads_per_week} solid leads per "
            f"{thresholds.contacts_per_week} contacts a week: fewer than "
            f"{rules.min_group_size} of this partner's candidates ({given}) have both reach "
            "and leads on record",
        )
    leads = observed.solid_leads / observed.contact_weeks if observed.contact_weeks else seed
    interviews = None
    if observed.candidates_with_leads >= rules.min_group_size and observed.solid_leads:
        interviews = observed.interviews / observed.solid_leads
    return Rates(
        "partner",
        leads,
        interviews,
        observed.candidates,
        f"this partner's own rates, observed over {observed.candidates} candidates",
    )


def forecast(
    contacts_per_week: int,
    start: date,
    weeks: int,
    rates: Rates,
    season_on: SeasonOn,
    rules: CoachRules,
) -> list[WeekForecast]:
    found = []
    for n in range(weeks):
        week_of = start + timedelta(weeks=n)
        days = [week_of + timedelta(days=d) for d in range(7)]
        workdays = [day for day in days if day.weekday() < 5]
        seasons = [season_on(day) for day in workdays]
        inside = sum(season is not None for season in seasons) / len(workdays)
        factor = 1.0 - inside * (1.0 - rules.low_season_yield)
        leads = contacts_per_week * rates.solid_leads_per_contact * factor
        labels = [s.label for s in seasons if s is not None]
        interviews = (
            leads * rates.interviews_per_solid_lead
            if rates.interviews_per_solid_lead is not None
            else None
        )
        found.append(
            WeekForecast(
                week_of,
                contacts_per_week,
                labels[0] if labels else None,
                round(leads, 2),
                round(interviews, 2) if interviews is not None else None,
            )
        )
    return found
