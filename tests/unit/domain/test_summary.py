"""summarize(): the weekly funnel and totals, deterministic because it is hashed."""

import json
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from outreach_domain import CandidateState, apply_all, empty_state
from outreach_domain.summary import promises, summarize, week_start
from tests.support.factories import event, recorded

ZONE = ZoneInfo("America/New_York")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), ZONE)


def _state(*items: tuple[str, date, dict[str, Any]]) -> CandidateState:
    profile = {"country": "US", "timezone": ZONE.key}
    envelopes = [
        event("candidate.registered", profile, occurred_at=_at(date(2025, 1, 6))),
        *(event(type_, data, occurred_at=_at(day)) for type_, day, data in items),
    ]
    return apply_all(empty_state("acme", "cand-1"), [recorded(e) for e in envelopes])


TUE, WED, NEXT_TUE = date(2025, 11, 4), date(2025, 11, 5), date(2025, 11, 11)


def _history() -> CandidateState:
    return _state(
        ("contact.added", TUE, {"contact_id": "a", "company": "Acme"}),
        ("contact.added", TUE, {"contact_id": "b", "company": " acme"}),
        ("contact.added", TUE, {"contact_id": "c", "company": "Globex"}),
        ("outreach.sent", TUE, {"contact_id": "a", "channel": "email"}),
        ("outreach.sent", WED, {"contact_id": "a", "channel": "linkedin"}),
        ("outreach.sent", WED, {"contact_id": "b", "channel": "email"}),
        ("meeting.held", WED, {"contact_id": "c", "minutes": 45}),
        ("contact.replied", WED, {"contact_id": "a", "willingness": "eager"}),
        ("contact.replied", WED, {"contact_id": "b"}),
        ("referral.made", WED, {"contact_id": "a", "company": "Acme", "referred_to": "hr"}),
        ("lead.created", WED, {"company": "Acme", "quality": "solid"}),
        ("lead.created", WED, {"company": "Acme", "quality": "weak"}),
        ("help.promised", TUE, {"contact_id": "a"}),
        ("help.promised", WED, {"contact_id": "a"}),
        ("help.delivered", NEXT_TUE, {"contact_id": "a"}),
        ("help.delivered", NEXT_TUE, {"contact_id": "b"}),
        ("interview.scheduled", NEXT_TUE, {"company": "Acme"}),
        ("employment.ended", TUE, {"circumstance": "fired"}),
        ("departure.explained", WED, {"contact_id": "a", "story": "growth"}),
        ("impression.noted", WED, {"contact_id": "c", "valence": "negative"}),
        ("presentation.submitted", WED, {"asset": "resume", "text": "Hello world"}),
    )


def test_the_weekly_funnel() -> None:
    summary = summarize(_history())
    registration, first, second = summary["weeks"]
    assert registration["week_of"] == "2025-01-06"
    assert (first["week_of"], first["iso_week"]) == ("2025-11-03", "2025-W45")
    assert first["contacts_reached"] == 3  # a, b by message, c by meeting
    assert first["contacts_by_channel"] == {
        "coffee": 0, "email": 2, "event": 0, "linkedin": 1, "meeting": 1, "other": 0, "phone": 0,
    }  # fmt: skip
    assert first["companies_reached"] == 2  # "Acme" and " acme" are one company
    assert (first["replies"], first["meetings"], first["referrals"]) == (2, 1, 1)
    assert (first["solid_leads"], first["weak_leads"], first["interviews"]) == (1, 1, 0)
    assert (second["week_of"], second["interviews"], second["contacts_reached"]) == (
        "2025-11-10", 1, 0,
    )  # fmt: skip


def test_the_totals() -> None:
    totals = summarize(_history())["totals"]
    assert totals["willingness"] == {
        "declined": 0, "eager": 1, "neutral": 0, "reluctant": 0, "unspecified": 1, "willing": 0,
    }  # fmt: skip
    assert totals["referrals_by_referred_to"]["hr"] == 1
    assert totals["impressions"] == {"negative": 1, "neutral": 0, "positive": 0}
    assert [(p["promised_on"], p["delivered_on"]) for p in totals["promises"]] == [
        ("2025-11-04", "2025-11-11"),
        ("2025-11-05", None),  # one delivery keeps one promise; b's delivery keeps none
    ]
    assert totals["departures"]["employment_ended"][0]["circumstance"] == "fired"
    assert totals["departures"]["stories"][0]["story"] == "growth"
    [resume] = totals["presentations"]
    assert (resume["asset"], resume["length"]) == ("resume", 11)
    assert "text" not in resume


def test_a_delivery_keeps_only_an_earlier_promise() -> None:
    state = _state(
        ("help.delivered", TUE, {"contact_id": "a"}),
        ("help.promised", WED, {"contact_id": "a"}),
    )
    [promise] = promises(state)
    assert (promise.promised_on, promise.delivered_on) == (WED, None)


def test_the_summary_is_deterministic_and_plain_json() -> None:
    state = _history()
    text = json.dumps(summarize(state))
    assert text == json.dumps(summarize(state), sort_keys=True)  # keys already in order
    reversed_fold = apply_all(empty_state("acme", "cand-1"), reversed(_recorded(state)))
    assert json.dumps(summarize(reversed_fold)) == text


def _recorded(state: CandidateState) -> list[Any]:
    return [recorded(fact.event.model_dump(mode="json")) for fact in state.facts]


def test_an_empty_state() -> None:
    summary = summarize(empty_state("acme", "cand-1"))
    assert (summary["events"], summary["weeks"], summary["totals"]["promises"]) == (0, [], [])


def test_week_start_is_the_monday() -> None:
    assert [week_start(date(2025, 11, d)) for d in (3, 5, 9, 10)] == [
        date(2025, 11, 3), date(2025, 11, 3), date(2025, 11, 3), date(2025, 11, 10),
    ]  # fmt: skip
