"""Per-week reach for rule 1: contacts, companies and solid leads in each week."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import LeadQuality
from outreach_diagnostics.rules.context import RuleContext, company_key
from outreach_domain.summary import week_start

__all__ = ["Week", "activity", "evidence", "week_start"]


@dataclass
class Week:
    start: date  # the Monday
    contacts: set[str] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)  # folded names, see company_key
    solid_leads: int = 0
    event_ids: list[str] = field(default_factory=list)

    @property
    def reached(self) -> int:
        return len(self.contacts)

    def as_dict(self, ctx: RuleContext) -> dict[str, Any]:
        return {
            "week_of": self.start.isoformat(),
            "contacts_reached": self.reached,
            "companies_reached": len(self.companies),
            "solid_leads": self.solid_leads,
            "expected_solid_leads": round(self.reached * ctx.thresholds.solid_lead_yield, 2),
            "shortfall": max(0, ctx.thresholds.contacts_per_week - self.reached),
        }


def activity(ctx: RuleContext, weeks: Iterable[date]) -> dict[date, Week]:
    """Reach and solid leads in each of ``weeks`` (Mondays)."""
    found = {start: Week(start) for start in weeks}
    touches: list[ev.OutreachSent | ev.MeetingHeld] = [
        *ctx.state.of_type(ev.OutreachSent),
        *ctx.state.of_type(ev.MeetingHeld),
    ]
    for touch in touches:
        week = found.get(week_start(ctx.day(touch)))
        if week is None:
            continue
        week.contacts.add(touch.data.contact_id)
        company = ctx.company_of(touch.data.contact_id)
        if company:
            week.companies.add(company_key(company))
        week.event_ids.append(str(touch.event_id))
    for lead in ctx.state.of_type(ev.LeadCreated):
        week = found.get(week_start(ctx.day(lead)))
        if week is not None and lead.data.quality is LeadQuality.SOLID:
            week.solid_leads += 1
            week.event_ids.append(str(lead.event_id))
    return found


def evidence(ctx: RuleContext, weeks: list[Week], current: Week | None) -> dict[str, Any]:
    contacts = {c for week in weeks for c in week.contacts}
    companies = {c for week in weeks for c in week.companies}
    reached = sum(week.reached for week in weeks)
    return {
        "target_contacts_per_week": ctx.thresholds.contacts_per_week,
        "target_solid_leads_per_week": ctx.thresholds.solid_leads_per_week,
        "weeks": [week.as_dict(ctx) for week in weeks],
        "average_contacts_per_week": round(reached / len(weeks), 2) if weeks else None,
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
