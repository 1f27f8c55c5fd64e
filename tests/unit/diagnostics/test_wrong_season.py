"""Rule 3: the share of recent outreach sent in a low season of the candidate's country."""

from datetime import date

import pytest

from outreach_contract.v1 import Status
from outreach_diagnostics.rules import wrong_season
from outreach_diagnostics.rules.wrong_season import NO_COUNTRY
from tests.unit.diagnostics.builders import History, run


def _sent(days: list[date], history: History | None = None) -> History:
    history = history or History()
    for n, day in enumerate(days):
        history.sent(f"c{n}", day)
    return history


def test_outreach_on_14_june_is_in_swing_and_on_15_june_in_the_low_season() -> None:
    in_swing = run(wrong_season.evaluate, _sent([date(2025, 6, 14)] * 4), date(2025, 6, 16))
    assert (in_swing.status, in_swing.score) == (Status.OK, 0.0)
    low = run(wrong_season.evaluate, _sent([date(2025, 6, 15)] * 4), date(2025, 6, 16))
    assert (low.status, low.score) == (Status.PROBLEM, 1.0)
    assert low.evidence["outreach_in_low_season"] == 4
    assert low.evidence["as_of_in_low_season"]["follow_up_on"] == "2025-09-02"


def test_advice_names_the_end_of_the_season_and_the_follow_up_day() -> None:
    verdict = run(wrong_season.evaluate, _sent([date(2025, 6, 20)] * 5), date(2025, 7, 1))
    assert verdict.status is Status.PROBLEM
    assert "Labor Day, 1 Sep 2025" in verdict.advice
    assert "follow up from Tue 2 Sep 2025" in verdict.advice
    assert "face to face" in verdict.advice


@pytest.mark.parametrize(
    ("low", "swing", "status"),
    [(3, 1, Status.PROBLEM), (3, 2, Status.AT_RISK), (2, 2, Status.OK), (1, 3, Status.OK)],
)
def test_most_means_more_than_half(low: int, swing: int, status: Status) -> None:
    days = [date(2025, 11, 27)] * low + [date(2025, 11, 26)] * swing  # Thanksgiving 2025
    verdict = run(wrong_season.evaluate, _sent(days), date(2025, 11, 28))
    assert verdict.status is status
    assert verdict.score == pytest.approx(round(low / (low + swing), 3))


def test_after_the_season_ended_follow_up_with_those_not_reached_since() -> None:
    history = _sent([date(2024, 12, 20)] * 4 + [date(2025, 1, 1)])
    history.sent("c0", date(2025, 1, 2))  # c0 already followed up on 2 Jan
    verdict = run(wrong_season.evaluate, history, date(2025, 1, 10))
    assert verdict.evidence["outreach_in_low_season"] == 5  # New Year's Day is still low
    assert verdict.status is Status.PROBLEM
    assert verdict.evidence["awaiting_follow_up"] == ["c1", "c2", "c3", "c4"]
    assert "New Year's Day, 1 Jan 2025" in verdict.advice
    assert "follow up now with the 4 contacts" in verdict.advice


def test_outreach_older_than_the_window_does_not_count() -> None:
    days = [date(2025, 7, 1)] * 5 + [date(2025, 9, 10)] * 3  # the window: 10 Sep to 7 Oct
    verdict = run(wrong_season.evaluate, _sent(days), date(2025, 10, 7))
    assert verdict.evidence["window"] == {"from": "2025-09-10", "to": "2025-10-07"}
    assert (verdict.evidence["recent_outreach"], verdict.status) == (3, Status.OK)


def test_too_little_recent_outreach_is_insufficient_data_but_names_the_season() -> None:
    verdict = run(wrong_season.evaluate, _sent([date(2025, 7, 1)] * 2), date(2025, 7, 2))
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "at least 3 outreach messages" in verdict.advice
    assert "follow up from Tue 2 Sep 2025" in verdict.advice


def test_without_a_country_the_us_calendar_is_used_and_said() -> None:
    verdict = run(
        wrong_season.evaluate,
        _sent([date(2025, 7, 1)] * 3, History(registered=None)),
        date(2025, 7, 2),
    )
    assert verdict.evidence["calendar_notes"] == [NO_COUNTRY]
    assert verdict.status is Status.PROBLEM


def test_a_country_without_labor_day_borrows_the_us_date_and_says_so() -> None:
    history = _sent([date(2025, 9, 1)] * 3, History(country="DE", timezone="Europe/Berlin"))
    verdict = run(wrong_season.evaluate, history, date(2025, 9, 1))
    assert verdict.evidence["country"] == "DE"
    [note] = verdict.evidence["calendar_notes"]
    assert note.startswith("DE's calendar has no Labor Day in September")
    assert verdict.status is Status.PROBLEM
