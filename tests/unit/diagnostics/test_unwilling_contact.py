"""Rule 7: time spent with contacts who are reluctant, declined, or broke a promise."""

from datetime import date

import pytest

from outreach_contract.v1 import Status
from outreach_diagnostics.rules import unwilling_contact
from outreach_diagnostics.rules.verdicts import banded
from tests.unit.diagnostics.builders import History, run

PROMISED = date(2025, 9, 1)  # due by 15 Sep


def _promise(delivered: date | None = None) -> History:
    history = History()
    history.add("help.promised", PROMISED, contact_id="vic", action="intro to the CTO")
    if delivered:
        history.add("help.delivered", delivered, contact_id="vic")
    history.meeting("vic", date(2025, 8, 20), minutes=60)
    history.add("contact.replied", date(2025, 8, 10), contact_id="wes", willingness="eager")
    history.meeting("wes", date(2025, 8, 21), minutes=30)
    return history


def test_a_promise_is_not_judged_before_14_days() -> None:
    verdict = run(unwilling_contact.evaluate, _promise(), date(2025, 9, 15))
    assert verdict.evidence["broken_promises"] == []
    assert verdict.status is Status.OK


def test_a_promise_not_kept_after_14_days_makes_the_contact_unwilling() -> None:
    history = _promise()
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 16))
    assert verdict.status is Status.PROBLEM
    assert verdict.evidence["share"] == round(60 / 90, 3)
    assert verdict.score == banded(Status.PROBLEM, (0.667 - 0.5) / 0.5)
    assert "67% of your meeting time (60 of 90 minutes)" in verdict.summary
    assert verdict.evidence["unwilling_contacts"] == ["vic"]
    assert verdict.evidence["meeting_minutes_with_unwilling"] == 60
    assert "vic promised help on 1 Sep and had not delivered within 14 days" in verdict.advice
    assert "Spend it on those who replied eager or willing: wes" in verdict.advice


def test_a_promise_kept_on_the_14th_day_is_kept_and_on_the_15th_is_broken() -> None:
    kept = run(unwilling_contact.evaluate, _promise(date(2025, 9, 15)), date(2025, 10, 1))
    assert (kept.status, kept.evidence["broken_promises"]) == (Status.OK, [])
    late = run(unwilling_contact.evaluate, _promise(date(2025, 9, 16)), date(2025, 10, 1))
    assert late.status is Status.PROBLEM
    assert late.evidence["broken_promises"][0]["delivered_on"] == "2025-09-16"


def test_a_delivery_from_another_contact_keeps_nothing() -> None:
    history = _promise()
    history.add("help.delivered", date(2025, 9, 3), contact_id="wes")
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 16))
    assert verdict.evidence["unwilling_contacts"] == ["vic"]


@pytest.mark.parametrize(
    ("reluctant_minutes", "eager_minutes", "status", "strength"),
    [
        (51, 49, Status.PROBLEM, 0.02),
        (50, 50, Status.AT_RISK, 1.0),
        (25, 75, Status.AT_RISK, 0.0),
        (24, 76, Status.OK, 0.96),
    ],
)
def test_most_of_the_time_decides(
    reluctant_minutes: int, eager_minutes: int, status: Status, strength: float
) -> None:
    history = History()
    history.add("contact.replied", date(2025, 9, 1), contact_id="rex", willingness="reluctant")
    history.add("contact.replied", date(2025, 9, 1), contact_id="eve", willingness="eager")
    history.meeting("rex", date(2025, 9, 2), minutes=reluctant_minutes)
    history.meeting("eve", date(2025, 9, 2), minutes=eager_minutes)
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 3))
    assert verdict.status is status
    assert verdict.evidence["share"] == reluctant_minutes / 100
    assert verdict.score == banded(status, strength)


def test_a_meeting_without_minutes_counts_30_and_the_latest_reply_wins() -> None:
    history = History()
    history.add("contact.replied", date(2025, 9, 1), contact_id="rex", willingness="declined")
    history.meeting("rex", date(2025, 9, 2))
    history.meeting("eve", date(2025, 9, 2), minutes=10)
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 3))
    assert verdict.evidence["meeting_minutes_total"] == 40
    assert verdict.evidence["minutes_by_unwilling_contact"] == {"rex": 30}
    history.add("contact.replied", date(2025, 9, 4), contact_id="rex", willingness="willing")
    assert run(unwilling_contact.evaluate, history, date(2025, 9, 5)).status is Status.OK


def test_unwilling_contacts_without_meetings_are_at_risk() -> None:
    history = History()
    history.add("contact.replied", date(2025, 9, 1), contact_id="rex", willingness="reluctant")
    history.add("contact.replied", date(2025, 9, 1), contact_id="eve", willingness="eager")
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 3))
    assert (verdict.status, verdict.score) == (Status.AT_RISK, banded(Status.AT_RISK, 1.0))
    assert (verdict.evidence["share"], verdict.evidence["share_of"]) == (
        0.5,
        "contacts_with_a_signal",
    )
    assert "1 contact of 2 (50%) unwilling to help" in verdict.summary


def test_no_willingness_signal_is_insufficient_data() -> None:
    history = History()
    history.meeting("eve", date(2025, 9, 2), minutes=10)
    history.add("contact.replied", date(2025, 9, 1), contact_id="eve")  # no willingness
    history.add("help.promised", date(2025, 9, 1), contact_id="eve")  # not yet due
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 3))
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "contact.replied" in verdict.advice


# Class 8: one decline among many eager replies, with no time spent on it, is not a risk.


@pytest.mark.parametrize(("eager", "status"), [(9, Status.OK), (3, Status.AT_RISK)])
def test_one_decline_among_eager_replies_without_time_spent(eager: int, status: Status) -> None:
    history = History()
    history.contact("rex", name="Rex Hale")
    history.add("contact.replied", date(2025, 9, 1), contact_id="rex", willingness="declined")
    for n in range(eager):
        history.add("contact.replied", date(2025, 9, 1), contact_id=f"e{n}", willingness="eager")
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 3))
    assert verdict.status is status  # 1 of 10 is ok; 1 of 4 is the 25 % risk line
    assert "Rex Hale replied declined" in verdict.advice


def test_one_decline_with_all_the_time_spent_elsewhere_is_ok() -> None:
    history = History()
    history.add("contact.replied", date(2025, 9, 1), contact_id="rex", willingness="declined")
    history.add("contact.replied", date(2025, 9, 1), contact_id="eve", willingness="eager")
    history.meeting("eve", date(2025, 9, 2), minutes=60)
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 3))
    assert verdict.status is Status.OK
    history.meeting("rex", date(2025, 9, 2), minutes=60)
    assert run(unwilling_contact.evaluate, history, date(2025, 9, 3)).status is Status.AT_RISK


def test_open_promises_get_a_business_day_to_follow_up() -> None:
    history = _promise()
    verdict = run(unwilling_contact.evaluate, history, date(2025, 9, 10))
    # Promised Mon 1 Sep 2025, due 14 days later: Mon 15 Sep.
    assert "Follow up on open promises: vic on Mon 15 Sep 2025." in verdict.advice
