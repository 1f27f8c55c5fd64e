"""What-if: the seed's 3 solid leads per 15 contacts, seasons lowering it, and the
partner's own rates replacing the seed's only from the minimum group size."""

from datetime import date

import pytest

from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.coach.what_if import Observed, Rates, choose_rates, forecast
from outreach_diagnostics.seasons import Season, low_season_on
from outreach_diagnostics.thresholds import Thresholds

MONDAY = date(2025, 10, 6)


def _no_season(_day: date) -> Season | None:
    return None


def _us(day: date) -> Season | None:
    return low_season_on(day, "US")


def _observed(candidates: int, contact_weeks: int = 1000, leads: int = 100) -> Observed:
    return Observed(contact_weeks, leads, interviews=25, candidates=candidates,
                    candidates_with_leads=candidates)  # fmt: skip


def _seed() -> Rates:
    return choose_rates(None, Thresholds(), CoachRules())


def test_the_seeds_rates_give_3_solid_leads_for_15_contacts() -> None:
    [week] = forecast(15, MONDAY, 1, _seed(), _no_season, CoachRules())
    assert week.expected_solid_leads == 3.0
    assert week.expected_interviews is None  # the seed gives no interview rate
    assert _seed().source == "seed"


def test_the_expectation_follows_the_volume() -> None:
    weeks = forecast(5, MONDAY, 2, _seed(), _no_season, CoachRules())
    assert [w.expected_solid_leads for w in weeks] == [1.0, 1.0]


def test_a_low_season_lowers_the_expectation() -> None:
    rates, rules = _seed(), CoachRules()
    before = forecast(15, date(2025, 11, 17), 1, rates, _us, rules)[0]
    inside = forecast(15, date(2025, 12, 1), 1, rates, _us, rules)[0]
    # Thanksgiving week: Thu 27 Nov and Fri 28 Nov of five business days are inside.
    thanksgiving = forecast(15, date(2025, 11, 24), 1, rates, _us, rules)[0]
    assert before.expected_solid_leads == 3.0
    assert before.low_season is None
    assert inside.expected_solid_leads == 1.5
    assert inside.low_season is not None
    assert inside.expected_solid_leads < thanksgiving.expected_solid_leads < 3.0
    assert thanksgiving.expected_solid_leads == pytest.approx(3.0 * (1 - 0.4 * 0.5))


def test_the_low_season_yield_is_a_setting() -> None:
    rules = CoachRules(low_season_yield=0.2)
    [week] = forecast(15, date(2025, 12, 1), 1, _seed(), _us, rules)
    assert week.expected_solid_leads == pytest.approx(0.6)


def test_partner_rates_replace_the_seeds_only_from_the_group_size() -> None:
    rules, t = CoachRules(min_group_size=10), Thresholds()
    below = choose_rates(_observed(9), t, rules)
    at = choose_rates(_observed(10), t, rules)
    assert below.source == "seed"
    assert below.solid_leads_per_contact == 0.2
    assert "fewer than 10" in below.explanation
    assert at.source == "partner"
    assert at.candidates == 10
    assert at.solid_leads_per_contact == 0.1  # 100 solid leads over 1,000 contact-weeks
    assert at.interviews_per_solid_lead == 0.25
    [week] = forecast(15, MONDAY, 1, at, _no_season, rules)
    assert week.expected_solid_leads == 1.5
    assert week.expected_interviews == pytest.approx(0.38)


def test_the_minimum_group_size_is_a_setting() -> None:
    rates = choose_rates(_observed(3), Thresholds(), CoachRules(min_group_size=3))
    assert rates.source == "partner"
