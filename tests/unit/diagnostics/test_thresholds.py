"""The defaults are the seed text's numbers; nonsense settings are refused."""

import pytest

from outreach_diagnostics.thresholds import Thresholds


def test_defaults_are_the_seed_numbers() -> None:
    t = Thresholds()
    assert (t.contacts_per_week, t.solid_leads_per_week, t.trailing_weeks) == (15, 3, 4)
    assert (t.referral_stall_days, t.promise_due_days) == (21, 14)
    assert (t.low_season_start_month, t.low_season_start_day) == (6, 15)
    assert t.solid_lead_yield == pytest.approx(0.2)


def test_leverage_is_judged_over_a_recent_window() -> None:
    assert (Thresholds().leverage_window_days, Thresholds().leverage_pileup) == (90, 3)
    with pytest.raises(ValueError, match="leverage_window_days"):
        Thresholds(leverage_window_days=0)


@pytest.mark.parametrize(
    "bad",
    [
        {"contacts_per_week": 0},
        {"season_at_risk_share": 1.5},
        {"season_at_risk_share": 0.8, "season_problem_share": 0.6},
        {"unwilling_time_at_risk_share": 0.6, "unwilling_time_problem_share": 0.5},
        {"low_season_start_month": 6, "low_season_start_day": 31},
        {"low_season_start_month": 13},
    ],
)
def test_nonsense_is_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        Thresholds(**bad)  # type: ignore[arg-type]
