"""The figures coaches read, derived from a candidate's facts: ``summarize(state)``.

Pure and deterministic — every dict is built in sorted key order and every list is
sorted — because the read model stores it and auditors hash it. Days and weeks are the
candidate's local ones; a week is an ISO week, Monday to Sunday, listed when it has
at least one event.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import Channel, ReferredTo, Valence, Willingness
from outreach_domain.state import CandidateState

MEETING = "meeting"  # the "channel" of a meeting.held in the by-channel counts


def company_key(name: str) -> str:
    """Partners spell companies inconsistently ("Acme ", "acme"): compare them folded."""
    return " ".join(name.casefold().split())


def week_start(day: date) -> date:
    """The Monday of the ISO week that contains ``day``."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Promise:
    contact_id: str
    promised_on: date
    event_id: str
    delivered_on: date | None
    delivery_event_id: str | None


def promises(state: CandidateState) -> list[Promise]:
    """Each help.promised with the delivery that kept it, if any.

    A help.delivered keeps the oldest open promise of the same contact made before it;
    a delivery with no open promise is a favour nobody promised and keeps nothing.
    """
    open_by_contact: dict[str, list[ev.HelpPromised]] = defaultdict(list)
    kept: dict[str, ev.HelpDelivered] = {}
    # The two types in the state's order (its sort key: instant, then event id), so a
    # delivery only keeps earlier promises: not a scan of every fact (issue 11).
    both: list[ev.HelpPromised | ev.HelpDelivered] = [
        *state.of_type(ev.HelpPromised),
        *state.of_type(ev.HelpDelivered),
    ]
    for event in sorted(both, key=lambda e: (e.occurred_at, str(e.event_id))):
        if isinstance(event, ev.HelpPromised):
            open_by_contact[event.data.contact_id].append(event)
        elif isinstance(event, ev.HelpDelivered) and open_by_contact[event.data.contact_id]:
            kept[str(open_by_contact[event.data.contact_id].pop(0).event_id)] = event
    found = []
    for promise in state.of_type(ev.HelpPromised):
        delivery = kept.get(str(promise.event_id))
        found.append(
            Promise(
                promise.data.contact_id,
                state.local_date(promise.occurred_at),
                str(promise.event_id),
                state.local_date(delivery.occurred_at) if delivery else None,
                str(delivery.event_id) if delivery else None,
            )
        )
    return found


def summarize(state: CandidateState) -> dict[str, Any]:
    return {
        "candidate_id": state.candidate_id,
        "events": len(state.facts),
        "totals": _totals(state),
        "weeks": _weeks(state),
    }


def _counts(values: Iterable[str], keys: Iterable[str]) -> dict[str, int]:
    counted = Counter(values)
    return {key: counted[key] for key in sorted({*keys, *counted})}


def _names(kind: type[StrEnum]) -> list[str]:
    return [member.value for member in kind]


def _weeks(state: CandidateState) -> list[dict[str, Any]]:
    by_week: dict[date, list[ev.Event]] = defaultdict(list)
    for fact in state.facts:
        by_week[week_start(state.local_date(fact.event.occurred_at))].append(fact.event)
    return [_week(state, monday, by_week[monday]) for monday in sorted(by_week)]


def _week(state: CandidateState, monday: date, events: list[ev.Event]) -> dict[str, Any]:
    channels: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if isinstance(event, ev.OutreachSent):
            channels[event.data.channel.value].add(event.data.contact_id)
        elif isinstance(event, ev.MeetingHeld):
            channels[MEETING].add(event.data.contact_id)
    reached = set().union(*channels.values())
    companies = {company_key(state.contacts[c].company) for c in reached if c in state.contacts}
    leads = [e.data.quality.value for e in events if isinstance(e, ev.LeadCreated)]
    year, number, _ = monday.isocalendar()
    return {
        "companies_reached": len(companies),
        "contacts_by_channel": {
            key: len(channels[key]) for key in sorted([*_names(Channel), MEETING])
        },
        "contacts_reached": len(reached),
        "interviews": sum(isinstance(e, ev.InterviewScheduled) for e in events),
        "iso_week": f"{year}-W{number:02d}",
        "meetings": sum(isinstance(e, ev.MeetingHeld) for e in events),
        "referrals": sum(isinstance(e, ev.ReferralMade) for e in events),
        "replies": sum(isinstance(e, ev.ContactReplied) for e in events),
        "solid_leads": leads.count("solid"),
        "weak_leads": leads.count("weak"),
        "week_of": monday.isoformat(),
    }


def _totals(state: CandidateState) -> dict[str, Any]:
    replies = state.of_type(ev.ContactReplied)
    return {
        "departures": _departures(state),
        "impressions": _counts(
            (e.data.valence.value for e in state.of_type(ev.ImpressionNoted)), _names(Valence)
        ),
        "presentations": _presentations(state),
        "promises": [
            _promise(p) for p in sorted(promises(state), key=lambda p: (p.promised_on, p.event_id))
        ],
        "referrals_by_referred_to": _counts(
            (e.data.referred_to.value for e in state.of_type(ev.ReferralMade)), _names(ReferredTo)
        ),
        "willingness": _counts(
            (e.data.willingness.value if e.data.willingness else "unspecified" for e in replies),
            [*_names(Willingness), "unspecified"],
        ),
    }


def _promise(promise: Promise) -> dict[str, Any]:
    return {
        "contact_id": promise.contact_id,
        "delivered_on": promise.delivered_on.isoformat() if promise.delivered_on else None,
        "delivery_event_id": promise.delivery_event_id,
        "event_id": promise.event_id,
        "promised_on": promise.promised_on.isoformat(),
    }


def _departures(state: CandidateState) -> dict[str, Any]:
    def on(event: ev.EmploymentEnded | ev.DepartureExplained) -> str:
        return state.local_date(event.occurred_at).isoformat()

    ended = [
        {"circumstance": e.data.circumstance.value, "event_id": str(e.event_id), "on": on(e)}
        for e in state.of_type(ev.EmploymentEnded)
    ]
    stories = [
        {
            "contact_id": e.data.contact_id,
            "event_id": str(e.event_id),
            "on": on(e),
            "story": e.data.story.value,
        }
        for e in state.of_type(ev.DepartureExplained)
    ]
    return {
        "employment_ended": sorted(ended, key=_on_then_id),
        "stories": sorted(stories, key=_on_then_id),
    }


def _on_then_id(item: dict[str, Any]) -> tuple[str, str]:
    return (item["on"], item["event_id"])


def _presentations(state: CandidateState) -> list[dict[str, Any]]:
    submitted = [
        {
            "asset": e.data.asset.value,
            "event_id": str(e.event_id),
            "length": len(e.data.text),
            "submitted_on": state.local_date(e.occurred_at).isoformat(),
        }
        for e in state.of_type(ev.PresentationSubmitted)
    ]
    return sorted(submitted, key=lambda item: (item["submitted_on"], item["event_id"]))
