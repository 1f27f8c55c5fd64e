"""Rule 5: meetings and referrals piling up without reaching hiring authority."""

from datetime import date, timedelta

from outreach_contract.v1 import Status
from outreach_diagnostics.rules import contact_lacks_leverage
from outreach_diagnostics.rules.verdicts import banded
from outreach_diagnostics.thresholds import Thresholds
from tests.unit.diagnostics.builders import History, run

START = date(2025, 9, 1)
AS_OF = date(2025, 10, 1)


def _meetings(count: int, history: History | None = None, start: date = START) -> History:
    history = history or History()
    for n in range(count):
        history.meeting(f"m{n}", start + timedelta(days=n))
    return history


def test_three_meetings_without_reaching_authority_is_a_problem() -> None:
    verdict = run(contact_lacks_leverage.evaluate, _meetings(3), AS_OF)
    assert (verdict.status, verdict.score) == (Status.PROBLEM, banded(Status.PROBLEM, 0.5))
    assert verdict.evidence["efforts_since_last_reach"] == 3


def test_two_meetings_are_too_few_to_judge() -> None:
    verdict = run(contact_lacks_leverage.evaluate, _meetings(2), AS_OF)
    assert (verdict.status, verdict.score) == (Status.INSUFFICIENT_DATA, 0.0)
    assert "meeting.held" in verdict.advice


def test_referrals_to_hr_count_as_efforts_and_pile_up() -> None:
    history = _meetings(2)
    history.referral("m0", "Acme", START + timedelta(days=5), to="hr")
    history.referral("m1", "Acme", START + timedelta(days=6), to="recruiter")
    history.referral("m1", "Acme", START + timedelta(days=7), to="hr")
    history.referral("m1", "Acme", START + timedelta(days=8), to="hr")
    verdict = run(contact_lacks_leverage.evaluate, history, AS_OF)
    assert (verdict.status, verdict.score) == (Status.PROBLEM, 1.0)  # 6 efforts = 2 x 3
    assert verdict.evidence["referrals_by_referred_to"]["hr"] == 3
    assert (
        "Without reaching anyone with hiring authority: 2 meetings held, 3 referrals to HR, "
        "1 referral to a recruiter." in verdict.advice
    )


def test_a_single_referral_to_hr_is_at_risk() -> None:
    history = History()
    history.referral("a", "Acme", START, to="hr")
    verdict = run(contact_lacks_leverage.evaluate, history, AS_OF)
    assert verdict.status is Status.AT_RISK


def test_a_referral_to_the_hiring_manager_or_team_reaches_authority() -> None:
    for to in ("hiring_manager", "team_member"):
        history = _meetings(3)
        reach = history.referral("m2", "Acme", START + timedelta(days=10), to=to)
        verdict = run(contact_lacks_leverage.evaluate, history, AS_OF)
        assert (verdict.status, verdict.score) == (Status.OK, 0.0)
        assert verdict.evidence["reached_authority"][0]["event_id"] == reach


def test_an_interview_with_the_hiring_manager_reaches_authority_until_more_piles_up() -> None:
    history = _meetings(3)
    history.interview("Acme", START + timedelta(days=5), with_hiring_manager=True)
    assert run(contact_lacks_leverage.evaluate, history, AS_OF).status is Status.OK
    _meetings(3, history, start=START + timedelta(days=6))
    verdict = run(contact_lacks_leverage.evaluate, history, AS_OF)
    assert verdict.status is Status.AT_RISK
    assert verdict.evidence["efforts_since_last_reach"] == 3
    assert verdict.advice.startswith("Since you last reached anyone with hiring authority: 3 ")


def test_meeting_the_hiring_manager_counts_and_weak_contacts_are_listed() -> None:
    history = _meetings(3)
    history.contact("m0", company="Acme", seniority="junior")
    history.contact("m1", company="Acme", seniority="senior", can_reach_hiring_manager=False)
    history.contact("m2", company="Acme", seniority="senior", can_reach_hiring_manager=True)
    verdict = run(contact_lacks_leverage.evaluate, history, AS_OF)
    assert verdict.status is Status.PROBLEM
    weak = [c["contact_id"] for c in verdict.evidence["low_leverage_contacts"]]
    assert weak == ["m0", "m1"]
    assert "m0 (Acme, junior)" in verdict.advice
    history.contact("boss", company="Acme", is_hiring_manager=True)
    history.meeting("boss", START + timedelta(days=20))
    assert run(contact_lacks_leverage.evaluate, history, AS_OF).status is Status.OK


def test_as_of_excludes_a_later_reach() -> None:
    history = _meetings(3)
    history.referral("m2", "Acme", AS_OF + timedelta(days=1), to="hiring_manager")
    assert run(contact_lacks_leverage.evaluate, history, AS_OF).status is Status.PROBLEM


# Class 7: a meeting is given the stall window, and only a recent window is judged.


def test_recent_meetings_are_pending_not_failed() -> None:
    history = History()
    history.contact("m0", name="Mia Ortiz")
    _meetings(3, history, start=date(2025, 9, 22))  # Mon 22 to Wed 24 Sep
    fresh = run(contact_lacks_leverage.evaluate, history, date(2025, 9, 26))
    assert fresh.status is Status.INSUFFICIENT_DATA
    assert [e["contact_id"] for e in fresh.evidence["pending_efforts"]] == ["m0", "m1", "m2"]
    # Due Mon 13 Oct 2025, Columbus Day in the US: the follow-up moves to the next business day.
    assert "Mia Ortiz (meeting 22 Sep, by 14 Oct); m1 (meeting 23 Sep, by 14 Oct)" in fresh.advice
    on_day_21 = run(contact_lacks_leverage.evaluate, history, date(2025, 10, 15))
    assert on_day_21.status is Status.INSUFFICIENT_DATA  # the last one is due on 15 Oct
    after = run(contact_lacks_leverage.evaluate, history, date(2025, 10, 16))
    assert after.status is Status.PROBLEM


def test_a_reach_soon_after_meetings_means_they_did_not_fail() -> None:
    history = _meetings(3, start=date(2025, 9, 22))
    history.referral("m1", "Acme", date(2025, 10, 6), to="hiring_manager")
    verdict = run(contact_lacks_leverage.evaluate, history, date(2025, 11, 1))
    assert verdict.status is Status.OK
    assert verdict.score == banded(Status.OK, 0.0)


def test_a_hiring_manager_referral_months_ago_does_not_cap_the_verdict() -> None:
    history = History()
    history.referral("old", "Acme", date(2025, 5, 1), to="hiring_manager")
    _meetings(3, history)
    verdict = run(contact_lacks_leverage.evaluate, history, AS_OF)  # 1 Oct: 153 days later
    assert verdict.status is Status.PROBLEM
    assert verdict.evidence["reached_authority"] == []
    assert verdict.evidence["reached_authority_before_window"] == 1
    longer = Thresholds(leverage_window_days=180)
    assert run(contact_lacks_leverage.evaluate, history, AS_OF, longer).status is Status.AT_RISK


def test_referrals_promised_and_never_made_are_failed_efforts() -> None:
    history = History()
    for n in range(3):
        history.requested(f"r{n}", "Acme", START + timedelta(days=n))
    verdict = run(contact_lacks_leverage.evaluate, history, AS_OF)
    assert verdict.status is Status.PROBLEM
    assert verdict.evidence["since_last_reach"]["referrals_never_made"] == 3
    assert "3 referrals promised and never made" in verdict.advice
    history.referral("r0", "Acme", START + timedelta(days=3), to="team_member")
    assert run(contact_lacks_leverage.evaluate, history, AS_OF).status is Status.OK
