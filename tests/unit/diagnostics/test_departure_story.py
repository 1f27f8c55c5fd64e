"""Rule 2: the story told against the record, and referrals passed to HR that stall."""

from datetime import date

import pytest

from outreach_contract.v1 import Status
from outreach_contract.v1.enums import Circumstance, Story
from outreach_diagnostics.rules import departure_story
from outreach_diagnostics.rules.departure_story import classify
from outreach_diagnostics.rules.verdicts import banded
from tests.unit.diagnostics.builders import History, run

ENDED = date(2025, 6, 2)
TOLD = date(2025, 9, 1)
REFERRED = date(2025, 9, 3)  # 21 days later is 24 Sep


def _history(record: str | None, story: str | None) -> History:
    history = History()
    if record:
        history.add("employment.ended", ENDED, circumstance=record)
    if story:
        history.add("departure.explained", TOLD, contact_id="ana", story=story)
    return history


@pytest.mark.parametrize(
    ("story", "record", "expected"),
    [
        (Story.FIRED, Circumstance.FIRED, "honest"),
        (Story.GROWTH, Circumstance.FIRED, "contradicts"),
        (Story.RELOCATION, Circumstance.LAID_OFF, "contradicts"),
        (Story.LAID_OFF, Circumstance.FIRED, "contradicts"),
        (Story.COMPENSATION, Circumstance.RESIGNED_ON_BAD_TERMS, "contradicts"),
        (Story.GROWTH, Circumstance.RESIGNED, "honest"),
        (Story.FIRED, Circumstance.RESIGNED, "contradicts"),
        (Story.VAGUE, Circumstance.RESIGNED, "vague"),
        (Story.GROWTH, None, "unchecked"),
    ],
)
def test_classify(story: Story, record: Circumstance | None, expected: str) -> None:
    assert classify(story, record) == expected


def test_a_story_that_contradicts_the_record_is_a_problem() -> None:
    history = _history("fired", "growth")
    verdict = run(departure_story.evaluate, history, date(2025, 9, 2))
    assert (verdict.status, verdict.score) == (Status.PROBLEM, 1.0)
    assert verdict.evidence["stories"][0]["verdict"] == "contradicts"
    assert verdict.evidence["record"]["circumstance"] == "fired"
    assert "On 1 Sep you told ana you left to grow, while your record then said you were fired" in (
        verdict.advice
    )
    assert 'Say "I was fired"' in verdict.advice
    record, story = (envelope["event_id"] for envelope in history.envelopes[1:])
    assert verdict.event_ids == [record, story]


def test_the_truth_matches_the_record() -> None:
    verdict = run(departure_story.evaluate, _history("fired", "fired"), date(2025, 9, 2))
    assert (verdict.status, verdict.score) == (Status.OK, 0.0)


def test_a_vague_story_while_a_referral_to_hr_stalls_21_days_is_a_problem() -> None:
    history = _history("laid_off", "vague")
    history.referral("ana", "Initech", REFERRED, to="hr")
    on_day_21 = run(departure_story.evaluate, history, date(2025, 9, 24))
    assert on_day_21.status is Status.AT_RISK  # still pending on the 21st day
    assert on_day_21.evidence["stalled_gatekeeper_referrals"] == []
    day_22 = run(departure_story.evaluate, history, date(2025, 9, 25))
    assert day_22.status is Status.PROBLEM
    [stalled] = day_22.evidence["stalled_gatekeeper_referrals"]
    assert (stalled["company"], stalled["outcome"], stalled["due_on"]) == (
        "Initech",
        "stalled",
        "2025-09-24",
    )
    assert "Initech via ana (hr, 3 Sep)" in day_22.advice


def test_a_referral_to_hr_that_led_to_an_interview_in_21_days_is_fine() -> None:
    history = _history("laid_off", "vague")
    history.referral("ana", "Initech", REFERRED, to="hr")
    history.interview("initech ", date(2025, 9, 24))  # the 21st day, company spelt loosely
    verdict = run(departure_story.evaluate, history, date(2025, 10, 30))
    assert verdict.status is Status.AT_RISK  # only the vague story itself remains
    assert verdict.evidence["stalled_gatekeeper_referrals"] == []


def test_an_interview_after_21_days_does_not_rescue_the_referral() -> None:
    history = _history("laid_off", "vague")
    history.referral("ana", "Initech", REFERRED, to="recruiter")
    history.interview("Initech", date(2025, 9, 25))
    verdict = run(departure_story.evaluate, history, date(2025, 10, 30))
    assert verdict.status is Status.PROBLEM


def test_negative_feedback_on_the_story_is_at_least_at_risk() -> None:
    history = _history("laid_off", "laid_off")
    history.add("feedback.received", TOLD, aspect="departure_story", sentiment="negative")
    verdict = run(departure_story.evaluate, history, date(2025, 9, 2))
    assert (verdict.status, verdict.score) == (Status.AT_RISK, banded(Status.AT_RISK, 0.25))
    assert len(verdict.evidence["negative_feedback"]) == 1


def test_no_record_and_no_story_is_insufficient_data() -> None:
    verdict = run(departure_story.evaluate, History(), date(2025, 9, 2))
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "employment.ended" in verdict.advice
    assert "departure.explained" in verdict.advice


def test_a_story_without_a_record_cannot_be_checked() -> None:
    verdict = run(departure_story.evaluate, _history(None, "growth"), date(2025, 9, 2))
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "employment.ended" in verdict.advice
    assert "departure.explained" not in verdict.advice


def test_as_of_excludes_a_later_contradicting_story() -> None:
    history = _history("fired", "fired")
    history.add("departure.explained", date(2025, 9, 10), contact_id="bo", story="growth")
    assert run(departure_story.evaluate, history, date(2025, 9, 9)).status is Status.OK
    assert run(departure_story.evaluate, history, date(2025, 9, 10)).status is Status.PROBLEM


# Class 5: each story is judged against the record in force when it was told.


def test_growth_told_while_employed_then_a_firing_stated_plainly_is_honest() -> None:
    history = History()
    history.add("employment.ended", date(2025, 3, 3), circumstance="still_employed")
    history.add("departure.explained", date(2025, 4, 1), contact_id="ana", story="growth")
    history.add("employment.ended", ENDED, circumstance="fired")
    history.add("departure.explained", TOLD, contact_id="bo", story="fired")
    verdict = run(departure_story.evaluate, history, date(2025, 9, 2))
    assert verdict.status is Status.OK
    stories = verdict.evidence["stories"]
    assert [(s["record_then"], s["verdict"]) for s in stories] == [
        ("still_employed", "honest"),
        ("fired", "honest"),
    ]


def test_growth_told_after_the_firing_contradicts_the_record_then() -> None:
    history = History()
    history.add("employment.ended", date(2025, 3, 3), circumstance="still_employed")
    history.add("employment.ended", ENDED, circumstance="fired")
    history.add("departure.explained", TOLD, contact_id="ana", story="growth")
    verdict = run(departure_story.evaluate, history, date(2025, 9, 2))
    assert verdict.status is Status.PROBLEM
    assert verdict.evidence["stories"][0]["record_then"] == "fired"


def test_a_story_told_before_any_record_is_unchecked() -> None:
    history = History()
    history.add("departure.explained", date(2025, 4, 1), contact_id="ana", story="growth")
    history.add("employment.ended", ENDED, circumstance="fired")
    verdict = run(departure_story.evaluate, history, date(2025, 9, 2))
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert verdict.evidence["stories"][0]["verdict"] == "unchecked"


def test_a_vague_story_counts_only_through_the_contacts_who_heard_it() -> None:
    history = _history("laid_off", "vague")  # told to ana
    history.contact("bo", name="Bo Lindqvist")
    history.referral("bo", "Initech", REFERRED, to="hr")
    verdict = run(departure_story.evaluate, history, date(2025, 10, 30))
    assert verdict.status is Status.AT_RISK  # bo never heard the vague story
    assert len(verdict.evidence["stalled_gatekeeper_referrals"]) == 1
    assert verdict.evidence["stalled_after_vague_story"] == []
    history.add("departure.explained", date(2025, 9, 20), contact_id="bo", story="vague")
    told_bo = run(departure_story.evaluate, history, date(2025, 10, 30))
    assert told_bo.status is Status.PROBLEM
    assert "Initech via Bo Lindqvist (hr, 3 Sep)" in told_bo.advice
    assert "you told Bo Lindqvist a vague reason" in told_bo.advice


def test_a_vague_story_told_after_the_referral_stalled_does_not_explain_it() -> None:
    history = _history("laid_off", None)
    history.referral("ana", "Initech", REFERRED, to="hr")
    history.add("departure.explained", date(2025, 9, 25), contact_id="ana", story="vague")
    verdict = run(departure_story.evaluate, history, date(2025, 10, 30))
    assert verdict.status is Status.AT_RISK


# Class 6: a referral asked for and never made is a stalled referral.


def test_a_referral_asked_for_and_never_made_in_21_days_stalls() -> None:
    history = _history("laid_off", "vague")
    asked = history.requested("ana", "Initech", REFERRED)
    on_day_21 = run(departure_story.evaluate, history, date(2025, 9, 24))
    assert on_day_21.status is Status.AT_RISK
    day_22 = run(departure_story.evaluate, history, date(2025, 9, 25))
    assert day_22.status is Status.PROBLEM
    [stalled] = day_22.evidence["stalled_after_vague_story"]
    assert (stalled["event_id"], stalled["kind"], stalled["referred_to"]) == (
        asked,
        "requested",
        None,
    )
    assert "Initech via ana (asked 3 Sep, never made)" in day_22.advice


def test_a_request_answered_by_a_referral_to_the_team_is_not_a_stall() -> None:
    history = _history("laid_off", "vague")
    history.requested("ana", "Initech", REFERRED)
    history.referral("ana", "initech", date(2025, 9, 10), to="team_member")
    verdict = run(departure_story.evaluate, history, date(2025, 10, 30))
    assert verdict.status is Status.AT_RISK
    assert verdict.evidence["stalled_gatekeeper_referrals"] == []
