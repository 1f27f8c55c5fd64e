"""Reason 5: contacts to ask for an introduction to the hiring manager.

Two cases. A referral passed to HR or a recruiter that led to no interview at that
company within ``referral_stall_days``: ask the same contact to introduce the candidate to
the hiring manager instead, on the day it counts as stalled. A contact met who can reach
the hiring manager (or may: not known otherwise), is not the hiring manager, and was
not asked for a referral yet, nor unwilling (reason 7), met within
``leverage_window_days``: ask them the next business day after the meeting.
"""

from datetime import timedelta

from outreach_contract.v1 import ReasonSlug
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import ReferredTo, Willingness
from outreach_diagnostics.coach.actions import Action, add_business_days, who
from outreach_diagnostics.dates import business_day, short
from outreach_diagnostics.rules.context import RuleContext, company_key

SLUG = ReasonSlug.CONTACT_LACKS_LEVERAGE
_GATEKEEPERS = frozenset({ReferredTo.HR, ReferredTo.RECRUITER})
_AUTHORITY = frozenset({ReferredTo.HIRING_MANAGER, ReferredTo.TEAM_MEMBER})


def introductions(ctx: RuleContext) -> list[Action]:
    return [*_stalled_referrals(ctx), *_met_not_asked(ctx)]


def _stalled_referrals(ctx: RuleContext) -> list[Action]:
    interviews = {
        company_key(i.data.company): ctx.day(i) for i in ctx.state.of_type(ev.InterviewScheduled)
    }
    reached_authority = _reached_authority(ctx)
    stall = timedelta(days=ctx.thresholds.referral_stall_days)
    found = []
    for referral in ctx.state.of_type(ev.ReferralMade):
        data, day = referral.data, ctx.day(referral)
        company = company_key(data.company)
        if data.referred_to not in _GATEKEEPERS or company in reached_authority:
            continue
        if (seen := interviews.get(company)) is not None and seen >= day:
            continue
        text = (
            f"Ask {who(ctx, data.contact_id)} to introduce you to the hiring manager at "
            f"{data.company}: the referral to {data.referred_to.value.replace('_', ' ')} "
            f"on {short(day)} has led to no interview"
        )
        due = business_day(day + stall, ctx.country)
        found.append(Action(due, text, SLUG, data.contact_id, (str(referral.event_id),)))
    return found


def _reached_authority(ctx: RuleContext) -> set[str]:
    return {
        company_key(r.data.company)
        for r in ctx.state.of_type(ev.ReferralMade)
        if r.data.referred_to in _AUTHORITY
    }


def _unwilling(ctx: RuleContext) -> set[str]:
    latest = {r.data.contact_id: r.data.willingness for r in ctx.state.of_type(ev.ContactReplied)}
    return {c for c, w in latest.items() if w in (Willingness.RELUCTANT, Willingness.DECLINED)}


def _met_not_asked(ctx: RuleContext) -> list[Action]:
    asked = {r.data.contact_id for r in ctx.state.of_type(ev.ReferralRequested)}
    asked |= {r.data.contact_id for r in ctx.state.of_type(ev.ReferralMade)}
    asked |= _unwilling(ctx)  # reason 7: no more time on them, and no favour to ask
    since = ctx.as_of - timedelta(days=ctx.thresholds.leverage_window_days)
    latest: dict[str, ev.MeetingHeld] = {}
    for meeting in ctx.state.on_or_after(ev.MeetingHeld, since):
        latest[meeting.data.contact_id] = meeting
    found = []
    for contact_id, meeting in sorted(latest.items()):
        contact = ctx.state.contacts.get(contact_id)
        if contact_id in asked or contact is None or contact.is_hiring_manager:
            continue
        if contact.can_reach_hiring_manager is False:
            continue  # no leverage: reason 5 says look for someone closer instead
        text = (
            f"Ask {who(ctx, contact_id)} for an introduction to the hiring manager at "
            f"{contact.company} (you met on {short(ctx.day(meeting))})"
        )
        due = add_business_days(ctx.day(meeting), 1, ctx.country)
        found.append(Action(due, text, SLUG, contact_id, (str(meeting.event_id),)))
    return found
