"""Rule 4: stalled referrals coming mostly through contacts who remember you badly."""

from datetime import date

import pytest

from outreach_contract.v1 import Status
from outreach_diagnostics.rules import prior_impression
from outreach_diagnostics.rules.verdicts import banded
from tests.unit.diagnostics.builders import History, run

REFERRED = date(2025, 9, 1)
LATER = date(2025, 10, 1)  # more than 21 days after REFERRED


def _history() -> History:
    history = History()
    history.add(
        "impression.noted", date(2025, 8, 1), contact_id="cancun", valence="negative",
        context="beer pong, spring break",
    )  # fmt: skip
    history.add("impression.noted", date(2025, 8, 1), contact_id="boss", valence="positive")
    return history


def test_the_only_stalled_referral_came_through_a_bad_impression() -> None:
    history = _history()
    stalled = history.referral("cancun", "Credit Suisse", REFERRED, to="hiring_manager")
    history.referral("boss", "Initech", REFERRED)
    history.interview("Initech", date(2025, 9, 10))
    verdict = run(prior_impression.evaluate, history, LATER)
    assert (verdict.status, verdict.score) == (Status.PROBLEM, 1.0)
    assert [r["event_id"] for r in verdict.evidence["stalled_through_negative"]] == [stalled]
    assert verdict.evidence["negative_contacts"][0]["context"] == "beer pong, spring break"
    assert "cancun (beer pong, spring break) referred you to Credit Suisse on 1 Sep" in (
        verdict.advice
    )
    assert stalled in verdict.event_ids


def test_half_of_the_stalled_referrals_is_not_most() -> None:
    history = _history()
    history.referral("cancun", "Credit Suisse", REFERRED)
    history.referral("boss", "Initech", REFERRED)
    verdict = run(prior_impression.evaluate, history, LATER)
    assert verdict.evidence["share_of_stalled_through_negative"] == 0.5
    assert (verdict.status, verdict.score) == (Status.AT_RISK, banded(Status.AT_RISK, 1.0))


def test_a_pending_referral_through_a_bad_impression_is_at_risk() -> None:
    history = _history()
    history.referral("cancun", "Credit Suisse", REFERRED)
    verdict = run(prior_impression.evaluate, history, date(2025, 9, 22))  # the 21st day
    assert (verdict.status, verdict.score) == (Status.AT_RISK, banded(Status.AT_RISK, 0.0))
    assert len(verdict.evidence["pending_through_negative"]) == 1


def test_no_referral_through_them_is_ok_but_named() -> None:
    history = _history()
    history.referral("boss", "Initech", REFERRED)
    verdict = run(prior_impression.evaluate, history, LATER)
    assert (verdict.status, verdict.score) == (Status.OK, 0.0)
    assert "cancun (beer pong, spring break) may remember you badly" in verdict.advice


def test_a_later_positive_impression_replaces_the_negative_one() -> None:
    history = _history()
    history.add("impression.noted", date(2025, 8, 20), contact_id="cancun", valence="positive")
    history.referral("cancun", "Credit Suisse", REFERRED)
    verdict = run(prior_impression.evaluate, history, LATER)
    assert verdict.status is Status.OK
    assert verdict.evidence["negative_contacts"] == []


@pytest.mark.parametrize("with_referral", [False, True])
def test_no_impressions_at_all_is_insufficient_data(with_referral: bool) -> None:
    history = History()
    if with_referral:
        history.referral("boss", "Initech", REFERRED)
    verdict = run(prior_impression.evaluate, history, LATER)
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "impression.noted" in verdict.advice
    assert f"({int(with_referral)} so far)" in verdict.advice


def test_a_referral_agreed_and_never_made_through_a_bad_impression_stalls() -> None:
    history = _history()
    history.contact("cancun", company="Credit Suisse", name="Chad Banks")
    asked = history.requested("cancun", "Credit Suisse", REFERRED)
    pending = run(prior_impression.evaluate, history, date(2025, 9, 22))  # the 21st day
    assert pending.status is Status.AT_RISK
    # Due 22 Sep 2025, a Monday: the follow-up is that business day.
    assert "Chad Banks (beer pong, spring break) agreed on 1 Sep" in pending.advice
    assert "follow up on Mon 22 Sep 2025" in pending.advice
    stalled = run(prior_impression.evaluate, history, date(2025, 9, 23))
    assert stalled.status is Status.PROBLEM
    assert [r["event_id"] for r in stalled.evidence["stalled_through_negative"]] == [asked]
    assert "and it was never made" in stalled.advice


def test_a_request_the_contact_made_is_judged_as_that_referral() -> None:
    history = _history()
    history.requested("cancun", "Credit Suisse", REFERRED)
    history.referral("cancun", "Credit Suisse", date(2025, 9, 5), to="hiring_manager")
    history.interview("Credit Suisse", date(2025, 9, 12))
    verdict = run(prior_impression.evaluate, history, LATER)
    assert verdict.status is Status.OK
    assert verdict.evidence["referrals"] == 1


def test_summaries_count_in_good_english() -> None:
    history = _history()
    history.referral("cancun", "Credit Suisse", REFERRED)
    verdict = run(prior_impression.evaluate, history, date(2025, 9, 10))
    assert "0 of 0 stalled referrals" in verdict.summary
    assert "1 such referral is pending" in verdict.summary


def test_a_later_description_without_a_name_keeps_the_name() -> None:
    history = _history()
    history.contact("cancun", company="Credit Suisse", name="Chad Banks")
    history.add("contact.added", date(2025, 8, 2), contact_id="cancun", company="UBS")
    history.referral("boss", "Initech", REFERRED)
    verdict = run(prior_impression.evaluate, history, LATER)
    assert "Chad Banks (beer pong, spring break) may remember you badly" in verdict.advice
