"""Each next-action rule: 3B7 on business days, dead contacts, introductions, promises and
the follow-ups after a low season."""

from datetime import date

from outreach_contract.v1 import ReasonSlug
from outreach_diagnostics.coach.actions import Action, add_business_days
from outreach_diagnostics.coach.next_actions import next_actions
from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.seasons import low_season_on
from tests.unit.diagnostics.builders import History

FRIDAY = date(2025, 3, 7)


def _actions(history: History, as_of: date, **rules: int) -> list[Action]:
    return next_actions(history.state(), as_of, rules=CoachRules(**rules))


def _about(actions: list[Action], contact_id: str) -> list[Action]:
    return [a for a in actions if a.contact_id == contact_id]


def test_3b7_counts_business_days_over_a_weekend() -> None:
    h = History()
    h.contact("ana", company="Initech", name="Ana Pérez")
    sent = h.sent("ana", FRIDAY)
    actions = _about(_actions(h, FRIDAY), "ana")
    by_text = {a.action.split(":")[0]: a for a in actions}
    second = by_text["Reach a second person at Initech"]
    follow = by_text["Follow up with Ana Pérez"]
    # Fri + 3 business days skips Sat and Sun: Wednesday; + 7 is the Tuesday after next.
    assert second.due == date(2025, 3, 12)
    assert follow.due == date(2025, 3, 18)
    assert second.event_ids == follow.event_ids == (sent,)
    assert {a.reason for a in actions} == {ReasonSlug.TOO_FEW_CONTACTS}
    assert "ana" not in second.action  # the name, never the id


def test_3b7_skips_a_public_holiday_of_the_candidates_country() -> None:
    assert add_business_days(date(2025, 2, 14), 3, "US") == date(2025, 2, 20)  # Presidents' Day
    assert add_business_days(date(2025, 2, 14), 3, "GB") == date(2025, 2, 19)


def test_no_second_person_once_someone_else_at_the_company_was_reached() -> None:
    h = History()
    h.contact("ana", company="Initech")
    h.contact("bo", company="initech ")  # the same company, spelt another way
    h.sent("ana", FRIDAY)
    h.sent("bo", date(2025, 3, 11))
    texts = [a.action for a in _about(_actions(h, date(2025, 3, 12)), "ana")]
    assert not any(t.startswith("Reach a second person") for t in texts)
    assert any(t.startswith("Follow up with") for t in texts)


def test_a_reply_ends_the_routine() -> None:
    h = History()
    h.contact("ana")
    h.sent("ana", FRIDAY)
    h.add("contact.replied", date(2025, 3, 10), contact_id="ana", willingness="willing")
    assert _about(_actions(h, date(2025, 3, 20)), "ana") == []


def test_a_contact_is_dead_after_the_follow_ups_run_out() -> None:
    h = History()
    h.contact("ana", name="Ana")
    h.sent("ana", FRIDAY)
    h.sent("ana", date(2025, 3, 18))  # follow-up 1
    one = _about(_actions(h, date(2025, 3, 19)), "ana")
    assert [a.action.split(":")[0] for a in one] == ["Follow up again with Ana"]
    assert one[0].due == date(2025, 3, 27)  # 7 business days after Tue 18 Mar
    last = h.sent("ana", date(2025, 3, 27))  # follow-up 2: the last one
    [dead] = _about(_actions(h, date(2025, 3, 28)), "ana")
    assert dead.action.startswith("Mark Ana as dead")
    assert dead.due == date(2025, 4, 7)
    assert dead.event_ids[-1] == last
    assert len(dead.event_ids) == 3


def test_how_many_follow_ups_make_a_contact_dead_is_a_setting() -> None:
    h = History()
    h.contact("ana", name="Ana")
    h.sent("ana", FRIDAY)
    h.sent("ana", date(2025, 3, 18))
    [dead] = _about(_actions(h, date(2025, 3, 19), follow_ups_before_dead=1), "ana")
    assert dead.action.startswith("Mark Ana as dead")


def test_a_declined_contact_is_not_chased() -> None:
    h = History()
    h.contact("ana")
    h.add("contact.replied", date(2025, 3, 3), contact_id="ana", willingness="declined")
    h.sent("ana", FRIDAY)
    assert _about(_actions(h, date(2025, 3, 20)), "ana") == []


def test_a_referral_to_hr_that_stalls_asks_for_the_hiring_manager() -> None:
    h = History()
    h.contact("ana", company="Initech", name="Ana")
    h.meeting("ana", date(2025, 3, 3))
    referral = h.referral("ana", "Initech", date(2025, 3, 4), to="hr")
    [ask] = [a for a in _actions(h, date(2025, 3, 30)) if a.event_ids == (referral,)]
    assert ask.reason is ReasonSlug.CONTACT_LACKS_LEVERAGE
    assert ask.due == date(2025, 3, 25)  # 21 days later, a Tuesday
    assert "hiring manager at Initech" in ask.action


def test_an_interview_at_the_company_settles_the_referral() -> None:
    h = History()
    h.contact("ana", company="Initech")
    h.referral("ana", "Initech", date(2025, 3, 4), to="hr")
    h.interview("Initech", date(2025, 3, 14))
    leverage = ReasonSlug.CONTACT_LACKS_LEVERAGE
    assert [a for a in _actions(h, date(2025, 3, 30)) if a.reason is leverage] == []


def test_a_contact_met_who_can_reach_the_hiring_manager_is_asked_for_an_introduction() -> None:
    h = History()
    h.contact("ana", company="Initech", name="Ana", can_reach_hiring_manager=True)
    h.contact("bo", company="Globex", can_reach_hiring_manager=False)
    h.contact("cy", company="Hooli", is_hiring_manager=True)
    for contact in ("ana", "bo", "cy"):
        h.meeting(contact, FRIDAY)
    asks = [a for a in _actions(h, FRIDAY) if a.reason is ReasonSlug.CONTACT_LACKS_LEVERAGE]
    assert [(a.contact_id, a.due) for a in asks] == [("ana", date(2025, 3, 10))]


def test_a_promise_not_kept_is_chased_when_it_falls_due() -> None:
    h = History()
    h.contact("ana", name="Ana")
    kept = h.add("help.promised", date(2025, 3, 3), contact_id="ana", action="send the deck")
    h.add("help.delivered", date(2025, 3, 5), contact_id="ana", action="send the deck")
    broken = h.add("help.promised", date(2025, 3, 6), contact_id="ana", action="introduce Bo")
    [chase] = [a for a in _actions(h, date(2025, 3, 7)) if a.reason is ReasonSlug.UNWILLING_CONTACT]
    assert chase.event_ids == (broken,)
    assert kept not in chase.event_ids
    assert chase.due == date(2025, 3, 20)  # 14 days after, a Thursday
    assert "promised to introduce Bo" in chase.action


def test_in_a_low_season_people_met_face_to_face_are_followed_up_when_it_ends() -> None:
    h = History()
    h.contact("ana", name="Ana")
    h.contact("bo", name="Bo")
    h.contact("cy", name="Cy")
    coffee = h.add("meeting.held", date(2025, 12, 10), contact_id="ana", format="coffee")
    h.add("meeting.held", date(2025, 12, 11), contact_id="bo", format="video")  # not in person
    h.add("meeting.held", date(2025, 11, 3), contact_id="cy", format="coffee")  # before it
    as_of = date(2025, 12, 15)
    season = low_season_on(as_of, "US")
    assert season is not None
    seasonal = [a for a in _actions(h, as_of) if a.reason is ReasonSlug.WRONG_SEASON]
    assert [(a.contact_id, a.event_ids) for a in seasonal] == [("ana", (coffee,))]
    assert seasonal[0].due == season.follow_up_on == date(2026, 1, 2)


def test_outside_a_low_season_there_is_no_seasonal_follow_up() -> None:
    h = History()
    h.contact("ana")
    h.add("meeting.held", date(2025, 10, 1), contact_id="ana", format="coffee")
    as_of = date(2025, 10, 6)
    assert [a for a in _actions(h, as_of) if a.reason is ReasonSlug.WRONG_SEASON] == []


def test_actions_are_in_date_order_and_ignore_events_after_as_of() -> None:
    h = History()
    h.contact("ana", company="Initech")
    h.contact("bo", company="Globex")
    h.sent("bo", date(2025, 3, 10))
    h.sent("ana", FRIDAY)
    h.add("contact.replied", date(2025, 3, 20), contact_id="ana", willingness="eager")
    actions = _actions(h, date(2025, 3, 12))
    assert [a.due for a in actions] == sorted(a.due for a in actions)
    assert _about(actions, "ana")  # the reply of 20 Mar had not happened yet
