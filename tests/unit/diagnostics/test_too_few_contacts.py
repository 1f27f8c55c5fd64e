"""Rule 1: 15 distinct contacts a week over the trailing four full weeks."""

from datetime import date, timedelta

import pytest

from outreach_contract.v1 import Status
from outreach_diagnostics.rules import too_few_contacts
from tests.unit.diagnostics.builders import History, run

AS_OF = date(2025, 11, 12)  # a Wednesday; its week starts Mon 10 Nov
WEEKS = [date(2025, 10, 13), date(2025, 10, 20), date(2025, 10, 27), date(2025, 11, 3)]


def _weekly(counts: list[int], history: History | None = None) -> History:
    history = history or History()
    for monday, count in zip(WEEKS, counts, strict=True):
        history.reach(count, monday + timedelta(days=1))  # a Tuesday
    return history


def test_15_contacts_every_week_is_ok() -> None:
    verdict = run(too_few_contacts.evaluate, _weekly([15, 15, 15, 15]), AS_OF)
    assert (verdict.status, verdict.score) == (Status.OK, 0.0)
    assert [w["contacts_reached"] for w in verdict.evidence["weeks"]] == [15, 15, 15, 15]
    assert [w["week_of"] for w in verdict.evidence["weeks"]] == [d.isoformat() for d in WEEKS]


def test_14_contacts_every_week_is_a_problem() -> None:
    verdict = run(too_few_contacts.evaluate, _weekly([14, 14, 14, 14]), AS_OF)
    assert verdict.status is Status.PROBLEM
    assert verdict.score == pytest.approx(round(1 - 14 / 15, 3))
    assert verdict.evidence["average_contacts_per_week"] == 14
    assert verdict.evidence["weeks_below_target"] == 4
    assert "You reached 14 contacts in the week of 3 Nov" in verdict.advice
    assert "reach 15 more by Sun 16 Nov 2025" in verdict.advice


def test_an_average_above_target_with_one_short_week_is_at_risk() -> None:
    verdict = run(too_few_contacts.evaluate, _weekly([20, 20, 20, 6]), AS_OF)
    assert verdict.status is Status.AT_RISK
    assert verdict.score == pytest.approx(round((1 - 6 / 15) / 2, 3))
    assert "You reached 6 contacts in the week of 3 Nov" in verdict.advice


def test_a_meeting_counts_as_reaching_and_a_contact_counts_once_a_week() -> None:
    history = _weekly([14, 14, 14, 14])
    for monday in WEEKS:
        history.meeting(f"met-{monday}", monday + timedelta(days=3))
        history.sent(f"met-{monday}", monday + timedelta(days=4))  # the same contact again
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert [w["contacts_reached"] for w in verdict.evidence["weeks"]] == [15, 15, 15, 15]
    assert verdict.status is Status.OK


def test_the_current_partial_week_is_reported_not_judged() -> None:
    history = _weekly([15, 15, 15, 15])
    history.reach(4, date(2025, 11, 11))
    history.reach(30, date(2025, 11, 13))  # after as_of: not seen
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    current = verdict.evidence["current_week"]
    assert (current["week_of"], current["contacts_reached"], current["through"]) == (
        "2025-11-10",
        4,
        "2025-11-12",
    )
    assert verdict.status is Status.OK
    assert "reach 11 more by Sun 16 Nov 2025" in verdict.advice


def test_days_are_the_candidates_local_days() -> None:
    history = _weekly([15, 15, 15, 14])
    # 23:30 on Sunday 9 Nov in New York is already Monday in UTC: it stays in the week of 3 Nov.
    history.add("outreach.sent", date(2025, 11, 9), hour=23, contact_id="late", channel="email")
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert verdict.evidence["weeks"][-1]["contacts_reached"] == 15


def test_no_outreach_for_weeks_after_registering_is_a_problem() -> None:
    verdict = run(too_few_contacts.evaluate, History(registered=date(2025, 9, 29)), AS_OF)
    assert (verdict.status, verdict.score) == (Status.PROBLEM, 1.0)


def test_a_newcomer_without_a_full_week_is_insufficient_data() -> None:
    history = History(registered=date(2025, 11, 4))  # a Tuesday: that week is not complete
    history.reach(5, date(2025, 11, 5))
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "Sun 16 Nov 2025" in verdict.advice
    assert "full Monday-to-Sunday week" in verdict.advice


def test_only_weeks_after_the_first_event_are_judged() -> None:
    history = History(registered=date(2025, 10, 27))  # a Monday: two full weeks
    history.reach(15, date(2025, 10, 28))
    history.reach(15, date(2025, 11, 4))
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert [w["week_of"] for w in verdict.evidence["weeks"]] == ["2025-10-27", "2025-11-03"]
    assert verdict.status is Status.OK


def test_no_events_at_all_is_insufficient_data() -> None:
    verdict = run(too_few_contacts.evaluate, History(registered=None), AS_OF)
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert verdict.evidence == {"events": 0}


def test_solid_leads_are_reported_against_the_yield_and_companies_counted() -> None:
    history = History()
    for n in range(3):
        history.contact(f"x{n}", company=["Acme", "acme ", "Globex"][n])
    history = _weekly([15, 15, 15, 12], history)
    for n in range(3):
        history.sent(f"x{n}", date(2025, 11, 4))
    history.add("lead.created", date(2025, 11, 5), company="Acme", quality="solid")
    history.add("lead.created", date(2025, 11, 5), company="Acme", quality="weak")
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    evidence = verdict.evidence
    assert (evidence["solid_leads"], evidence["expected_solid_leads"]) == (1, 12.0)
    assert evidence["weeks"][-1]["companies_reached"] == 2  # Acme and Globex
    assert evidence["distinct_companies"] == 2
    assert "should have brought about 12.0 solid leads; you recorded 1" in verdict.advice
