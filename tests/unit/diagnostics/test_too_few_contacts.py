"""Rule 1: 15 distinct contacts a week over the trailing four full weeks."""

from datetime import date, timedelta

import pytest

from outreach_contract.v1 import Status
from outreach_diagnostics.rules import too_few_contacts
from outreach_diagnostics.rules.verdicts import banded
from outreach_diagnostics.thresholds import Thresholds
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
    assert verdict.score == pytest.approx(banded(Status.PROBLEM, 1 - 14 / 15))
    assert verdict.evidence["average_contacts_per_week"] == 14
    assert verdict.evidence["weeks_below_target"] == 4
    assert "You reached 14 contacts in the week of 3 Nov" in verdict.advice
    assert "reach 15 more by Sun 16 Nov 2025" in verdict.advice


def test_an_average_above_target_with_one_short_week_is_at_risk() -> None:
    verdict = run(too_few_contacts.evaluate, _weekly([20, 20, 20, 6]), AS_OF)
    assert verdict.status is Status.AT_RISK
    assert verdict.score == pytest.approx(banded(Status.AT_RISK, 1 - 6 / 15))
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


def test_only_weeks_after_the_start_of_history_are_judged() -> None:
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


def _pool(history: History, size: int, companies: list[str], prefix: str = "p") -> list[str]:
    ids = [f"{prefix}{n}" for n in range(size)]
    for n, contact_id in enumerate(ids):
        history.contact(contact_id, company=companies[n % len(companies)])
    return ids


def test_the_same_pool_week_after_week_is_not_new_reach() -> None:
    # The case that exposed it: 15 people messaged again every week got ok.
    history = History()
    pool = _pool(history, 15, [f"Co{n}" for n in range(15)])
    for monday in WEEKS:
        for contact in pool:
            history.sent(contact, monday + timedelta(days=1))
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert verdict.status is Status.PROBLEM
    weeks = verdict.evidence["weeks"]
    assert [(w["new_contacts"], w["follow_ups"]) for w in weeks] == [
        (15, 0), (0, 15), (0, 15), (0, 15),
    ]  # fmt: skip
    assert verdict.evidence["average_follow_ups_per_week"] == 11.25
    assert "3.8 new contacts a week (target 10)" in verdict.summary
    assert "3.8 a week were new contacts and 11.2 follow-ups" in verdict.advice


def test_follow_ups_on_top_of_enough_new_reach_are_fine() -> None:
    # Near miss: 10 new people a week plus 5 follow-ups with last week's.
    history = History()
    previous = [f"before-{n}" for n in range(10)]
    for contact in previous:
        history.sent(contact, date(2025, 10, 7))  # the week before the window
    for week, monday in enumerate(WEEKS):
        new = [f"w{week}-{n}" for n in range(10)]
        for contact in new + previous[:5]:
            history.sent(contact, monday + timedelta(days=1))
        previous = new
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert [w["new_contacts"] for w in verdict.evidence["weeks"]] == [10, 10, 10, 10]
    assert [w["follow_ups"] for w in verdict.evidence["weeks"]] == [5, 5, 5, 5]
    assert (verdict.status, verdict.score) == (Status.OK, 0.0)
    assert verdict.evidence["average_new_contacts_per_week"] == 10


def test_a_contact_dormant_for_the_whole_lookback_is_new_again() -> None:
    history = _weekly([15, 15, 15, 15])
    history.sent("old-friend", date(2025, 9, 2))  # nine weeks before the last week
    history.sent("old-friend", date(2025, 11, 4))
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert verdict.evidence["weeks"][-1]["new_contacts"] == 16


def test_contacts_at_one_or_two_companies_are_too_few_employers() -> None:
    # The case that exposed it: 15 new people a week, all at Acme or Globex.
    history = History()
    for week, monday in enumerate(WEEKS):
        for contact in _pool(history, 15, ["Acme", "Globex"], prefix=f"w{week}-"):
            history.sent(contact, monday + timedelta(days=1))
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert verdict.status is Status.PROBLEM
    assert verdict.evidence["average_companies_per_week"] == 2
    assert verdict.evidence["companies_judged"] is True
    assert "2.0 prospective employers a week (target 5)" in verdict.summary
    assert "aim for at least 5 prospective employers a week" in verdict.advice


def test_five_employers_a_week_is_enough() -> None:
    # Near miss: the same reach across five companies.
    history = History()
    for week, monday in enumerate(WEEKS):
        companies = [f"Co{n}" for n in range(5)]
        for contact in _pool(history, 15, companies, prefix=f"w{week}-"):
            history.sent(contact, monday + timedelta(days=1))
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert (verdict.status, verdict.score) == (Status.OK, 0.0)
    assert verdict.evidence["average_companies_per_week"] == 5


def test_employers_are_not_judged_when_companies_are_unknown() -> None:
    verdict = run(too_few_contacts.evaluate, _weekly([15, 15, 15, 15]), AS_OF)
    assert verdict.status is Status.OK
    assert verdict.evidence["companies_judged"] is False
    assert "number of prospective employers is not judged" in verdict.advice


def test_breadth_targets_are_settings() -> None:
    history = History()
    for week, monday in enumerate(WEEKS):
        for contact in _pool(history, 15, ["Acme", "Globex"], prefix=f"w{week}-"):
            history.sent(contact, monday + timedelta(days=1))
    lenient = Thresholds(employers_per_week=2)
    assert run(too_few_contacts.evaluate, history, AS_OF, lenient).status is Status.OK
    with pytest.raises(ValueError, match="employers_per_week"):
        Thresholds(employers_per_week=16)


def test_a_back_dated_fact_does_not_start_the_history() -> None:
    # The case that exposed it: registered on Tue 4 Nov, with a job that ended in June
    # and a contact list imported with old dates; no full week yet.
    history = History(registered=date(2025, 11, 4))
    history.add("employment.ended", date(2025, 6, 1), circumstance="laid_off")
    history.add("contact.added", date(2025, 8, 1), contact_id="old", company="Acme")
    history.reach(5, date(2025, 11, 5))
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert verdict.evidence["history_starts_on"] == "2025-11-04"
    assert "Sun 16 Nov 2025" in verdict.advice


def test_outreach_before_registering_starts_the_history() -> None:
    # Near miss: the first outreach came before the registration, so it starts it.
    history = History(registered=date(2025, 11, 4))
    history.reach(3, date(2025, 10, 27))
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert verdict.evidence["history_starts_on"] == "2025-10-27"
    assert [w["week_of"] for w in verdict.evidence["weeks"]] == ["2025-10-27", "2025-11-03"]
    assert verdict.status is Status.PROBLEM


def test_facts_without_registration_or_outreach_start_no_history() -> None:
    history = History(registered=None)
    history.add("employment.ended", date(2025, 6, 1), circumstance="laid_off")
    verdict = run(too_few_contacts.evaluate, history, AS_OF)
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert verdict.evidence["history_starts_on"] is None
