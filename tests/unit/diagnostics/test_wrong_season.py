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
    assert in_swing.evidence["as_of_in_low_season"]["follow_up_on"] == "2025-09-02"
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
    ("low", "swing", "status", "score"),
    [
        (3, 1, Status.PROBLEM, 0.667),  # 75 %: the bottom of the problem band
        (3, 2, Status.AT_RISK, 0.467),  # 60 %
        (2, 2, Status.OK, 0.333),  # 50 % is not "most": the top of the ok band
        (1, 3, Status.OK, 0.167),
    ],
)
def test_most_means_more_than_half(low: int, swing: int, status: Status, score: float) -> None:
    days = [date(2025, 11, 27)] * low + [date(2025, 11, 26)] * swing  # Thanksgiving 2025
    verdict = run(wrong_season.evaluate, _sent(days), date(2025, 11, 28))
    assert verdict.status is status
    assert verdict.score == pytest.approx(score)


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


def test_without_a_country_no_calendar_is_assumed() -> None:
    verdict = run(
        wrong_season.evaluate,
        _sent([date(2025, 7, 1)] * 3, History(registered=None)),
        date(2025, 7, 2),
    )
    assert verdict.evidence["calendar_notes"] == [NO_COUNTRY]
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "candidate.registered" in verdict.advice


def test_a_briton_is_not_judged_on_thanksgiving() -> None:
    # The case that exposed it: US Thanksgiving week, in Britain.
    history = _sent([date(2025, 11, 27)] * 4, History(country="GB", timezone="Europe/London"))
    verdict = run(wrong_season.evaluate, history, date(2025, 11, 28))
    assert (verdict.status, verdict.evidence["outreach_in_low_season"]) == (Status.OK, 0)
    assert "Thanksgiving" not in verdict.advice
    # Near miss: the same outreach at British Christmas is in its own low season.
    history = _sent([date(2025, 12, 29)] * 4, History(country="GB", timezone="Europe/London"))
    verdict = run(wrong_season.evaluate, history, date(2025, 12, 30))
    assert verdict.status is Status.PROBLEM
    [season] = verdict.evidence["seasons"]
    assert (season["calendar"], season["follow_up_on"]) == ("GB", "2026-01-02")
    assert "follow up from Fri 2 Jan 2026" in verdict.advice


def test_an_australian_is_not_flagged_in_july_but_is_in_january() -> None:
    sydney = "Australia/Sydney"
    july = run(wrong_season.evaluate, _sent([date(2025, 7, 8)] * 4, History("AU", sydney)),
               date(2025, 7, 10))  # fmt: skip
    assert july.status is Status.OK
    january = run(wrong_season.evaluate, _sent([date(2026, 1, 12)] * 4, History("AU", sydney)),
                  date(2026, 1, 14))  # fmt: skip
    assert january.status is Status.PROBLEM
    assert january.evidence["as_of_in_low_season"]["name"] == "summer"


def test_a_country_without_summer_data_says_so_in_evidence_and_advice() -> None:
    history = _sent([date(2025, 8, 5)] * 3, History(country="DE", timezone="Europe/Berlin"))
    verdict = run(wrong_season.evaluate, history, date(2025, 8, 6))
    assert verdict.evidence["country"] == "DE"
    [note] = verdict.evidence["calendar_notes"]
    assert note.startswith("no summer lull on record for DE")
    assert note in verdict.advice
    assert verdict.status is Status.OK  # judged on the Christmas break it does have


def test_a_country_with_no_season_on_record_is_insufficient_data() -> None:
    history = _sent([date(2025, 12, 25)] * 5, History(country="JP", timezone="Asia/Tokyo"))
    verdict = run(wrong_season.evaluate, history, date(2025, 12, 26))
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "no low-season data for JP" in verdict.advice
    assert "no Christmas holiday" in verdict.advice
    assert len(verdict.evidence["calendar_notes"]) == 2


def test_face_to_face_networking_in_a_low_season_does_not_count_against() -> None:
    # The case that exposed it: coffees and events at Christmas, as the seed recommends.
    history = History()
    for n in range(3):
        history.sent(f"c{n}", date(2025, 12, 10), channel="coffee")
        history.meeting(f"m{n}", date(2025, 12, 11))
    history.sent("e0", date(2025, 12, 12), channel="event")
    verdict = run(wrong_season.evaluate, history, date(2025, 12, 15))
    assert (verdict.status, verdict.score) == (Status.OK, 0.0)
    assert verdict.evidence["face_to_face_in_low_season"] == 7
    assert "You already meet people face to face (7 coffees, events and meetings" in (
        verdict.advice
    )
    assert "meet contacts face to face now" not in verdict.advice
    # Near miss: the same number of emails is a problem, and then meeting is the advice.
    emails = _sent([date(2025, 12, 10)] * 7)
    verdict = run(wrong_season.evaluate, emails, date(2025, 12, 15))
    assert verdict.status is Status.PROBLEM
    assert "meet contacts face to face now (a holiday party)" in verdict.advice


def test_a_problem_with_meetings_tells_to_keep_meeting_not_to_start() -> None:
    history = _sent([date(2025, 12, 10)] * 6)
    history.meeting("m0", date(2025, 12, 11))
    verdict = run(wrong_season.evaluate, history, date(2025, 12, 15))
    assert verdict.status is Status.PROBLEM  # 6 of 7
    assert "You already meet people face to face (1 coffee, event or meeting" in verdict.advice
    assert "keep at it" in verdict.advice


def test_contacts_to_follow_up_are_named() -> None:
    history = _sent([date(2024, 12, 20)] * 4)
    history.contact("c1", name="Ana Lima")
    verdict = run(wrong_season.evaluate, history, date(2025, 1, 10))
    assert "Ana Lima" in verdict.advice
    assert "c1" not in verdict.advice
