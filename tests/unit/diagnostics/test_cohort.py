"""The cohort: refused below the minimum group size, percentiles, flagged shares and the
placement sentence."""

import pytest

from outreach_diagnostics.coach.cohort import (
    CandidateFigures,
    GroupTooSmallError,
    cohort,
    percentiles,
    placement,
    quarter,
)


def _figures(reach: list[float]) -> list[CandidateFigures]:
    return [
        CandidateFigures(f"c{n}", value, reply_rate=n / 10, authority_share=None)
        for n, value in enumerate(reach)
    ]


def test_a_group_below_the_minimum_is_refused() -> None:
    with pytest.raises(GroupTooSmallError, match="fewer than 10"):
        cohort(_figures([1.0] * 9), {}, minimum=10)


def test_percentiles_of_one_to_eleven() -> None:
    spread = percentiles([float(n) for n in range(1, 12)])
    assert spread == {"p10": 2.0, "p25": 3.5, "p50": 6.0, "p75": 8.5, "p90": 10.0}


def test_percentiles_stay_within_the_values() -> None:
    values = [0.0, 0.0, 0.0, 5.0, 40.0]
    spread = percentiles(values)
    assert min(values) <= spread["p10"] <= spread["p50"] <= spread["p90"] <= max(values)


def test_the_cohort_has_every_figure_and_flagged_share() -> None:
    figures = _figures([float(n) for n in range(10)])
    statuses = {"c0": {"too_few_contacts": "problem"}, "c1": {"too_few_contacts": "at_risk"},
                "c2": {"too_few_contacts": "ok", "presentation": "problem"}}  # fmt: skip
    group = cohort(figures, statuses, minimum=10)
    assert group.candidates == 10
    assert group.contacts_per_week["p50"] == 4.5
    assert group.reply_rate is not None
    assert group.reply_rate["p50"] == 0.45
    assert group.hiring_authority_share is None  # no candidate made a referral
    assert group.flagged_share["too_few_contacts"] == 0.2
    assert group.flagged_share["presentation"] == 0.1
    assert group.flagged_share["wrong_season"] == 0.0
    assert len(group.flagged_share) == 7


def test_placement_in_the_bottom_quarter() -> None:
    figures = _figures([float(n) for n in range(10, 20)] + [2.0])
    group = cohort(figures, {}, minimum=10)
    [reach, _replies] = placement(figures[-1], group)
    assert "bottom quarter of this platform's 11 candidates" in reach
    assert quarter(19.0, group.contacts_per_week) == "the top quarter"
    assert quarter(15.0, group.contacts_per_week) == "the middle half"
