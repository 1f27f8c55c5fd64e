"""Per-week reach for rule 1: contacts, new reach, companies and solid leads in each week.

A contact reached in a week is *new reach* unless they were already reached in the
``trailing_weeks`` (4) weeks before it; otherwise the touch is a *follow-up*. A contact
last reached months ago counts as new again: reviving a dormant contact is reach.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import LeadQuality
from outreach_diagnostics.rules.context import RuleContext, company_key
from outreach_domain.summary import week_start

__all__ = ["Week", "activity", "average", "evidence", "known_company_share", "week_start"]


@dataclass
class Week:
    start: date  # the Monday
    contacts: set[str] = field(default_factory=set)
    new_contacts: set[str] = field(default_factory=set)  # not reached in the weeks before
    companies: set[str] = field(default_factory=set)  # folded names, see company_key
    solid_leads: int = 0
    event_ids: list[str] = field(default_factory=list)

    @property
    def reached(self) -> int:
        return len(self.contacts)

    @property
    def new(self) -> int:
        return len(self.new_contacts)

    @property
    def follow_ups(self) -> int:
        return self.reached - self.new

    def as_dict(self, ctx: RuleContext) -> dict[str, Any]:
        return {
            "week_of": self.start.isoformat(),
            "contacts_reached": self.reached,
            "new_contacts": self.new,
            "follow_ups": self.follow_ups,
            "companies_reached": len(self.companies),
            "solid_leads": self.solid_leads,
            "expected_solid_leads": round(self.reached * ctx.thresholds.solid_lead_yield, 2),
            "shortfall": max(0, ctx.thresholds.contacts_per_week - self.reached),
        }


def activity(ctx: RuleContext, weeks: Iterable[date]) -> dict[date, Week]:
    """Reach and solid leads in each of ``weeks`` (Mondays)."""
    found = {start: Week(start) for start in weeks}
    if not found:
        return found
    # A touch matters only in a week asked for or in the trailing weeks before one (new
    # reach looks back that far): older ones are not read at all.
    since = min(found) - timedelta(weeks=ctx.thresholds.trailing_weeks)
    touches: list[ev.OutreachSent | ev.MeetingHeld] = [
        *ctx.state.on_or_after(ev.OutreachSent, since),
        *ctx.state.on_or_after(ev.MeetingHeld, since),
    ]
    reached_in: dict[str, set[date]] = defaultdict(set)  # contact -> Mondays reached
    for touch in touches:
        reached_in[touch.data.contact_id].add(week_start(ctx.day(touch)))
    for touch in touches:
        week = found.get(week_start(ctx.day(touch)))
        if week is None:
            continue
        week.contacts.add(touch.data.contact_id)
        company = ctx.company_of(touch.data.contact_id)
        if company:
            week.companies.add(company_key(company))
        week.event_ids.append(str(touch.event_id))
    for lead in ctx.state.on_or_after(ev.LeadCreated, min(found)):
        week = found.get(week_start(ctx.day(lead)))
        if week is not None and lead.data.quality is LeadQuality.SOLID:
            week.solid_leads += 1
            week.event_ids.append(str(lead.event_id))
    lookback = [timedelta(weeks=n) for n in range(1, ctx.thresholds.trailing_weeks + 1)]
    for week in found.values():
        week.new_contacts = {
            contact
            for contact in week.contacts
            if not any(week.start - back in reached_in[contact] for back in lookback)
        }
    return found


def average(weeks: list[Week], count: Callable[[Week], int]) -> float:
    return sum(count(week) for week in weeks) / len(weeks) if weeks else 0.0


def known_company_share(ctx: RuleContext, weeks: list[Week]) -> float:
    """The share of contacts reached in ``weeks`` whose company is on record."""
    contacts = {c for week in weeks for c in week.contacts}
    known = sum(bool(ctx.company_of(c)) for c in contacts)
    return known / len(contacts) if contacts else 0.0


def evidence(ctx: RuleContext, weeks: list[Week], current: Week | None) -> dict[str, Any]:
    contacts = {c for week in weeks for c in week.contacts}
    companies = {c for week in weeks for c in week.companies}
    reached = sum(week.reached for week in weeks)
    t = ctx.thresholds
    return {
        "target_contacts_per_week": t.contacts_per_week,
        "target_new_contacts_per_week": t.new_contacts_per_week,
        "target_companies_per_week": t.employers_per_week,
        "target_solid_leads_per_week": t.solid_leads_per_week,
        "weeks": [week.as_dict(ctx) for week in weeks],
        "average_contacts_per_week": round(reached / len(weeks), 2) if weeks else None,
        "average_new_contacts_per_week": _rounded(weeks, lambda w: w.new),
        "average_follow_ups_per_week": _rounded(weeks, lambda w: w.follow_ups),
        "average_companies_per_week": _rounded(weeks, lambda w: len(w.companies)),
        "known_company_share": round(known_company_share(ctx, weeks), 3) if weeks else None,
        "companies_judged": bool(weeks)
        and known_company_share(ctx, weeks) >= t.employer_known_share,
        "weeks_below_target": sum(w.reached < ctx.thresholds.contacts_per_week for w in weeks),
        "distinct_contacts": len(contacts),
        "distinct_companies": len(companies),
        "contacts_without_company": sum(not ctx.company_of(c) for c in contacts),
        "solid_leads": sum(week.solid_leads for week in weeks),
        "expected_solid_leads": round(reached * ctx.thresholds.solid_lead_yield, 2),
        "current_week": current.as_dict(ctx) | {"through": ctx.as_of.isoformat()}
        if current
        else None,
    }


def _rounded(weeks: list[Week], count: Callable[[Week], int]) -> float | None:
    return round(average(weeks, count), 2) if weeks else None
