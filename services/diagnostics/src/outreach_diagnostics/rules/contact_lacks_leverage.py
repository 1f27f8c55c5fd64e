"""5. The contact cannot get you to the person with hiring authority.

Efforts are meeting.held and referral.made events. Reaching authority is a referral to
a hiring_manager or team_member, a meeting with a contact who is_hiring_manager, or an
interview.scheduled with_hiring_manager. The *pile* is the efforts since the last time
authority was reached (all of them if it never was).

* problem — never reached, and the pile is at least ``leverage_pileup`` (3).
* at_risk — reached before, but ``leverage_pileup`` efforts piled up since; or never
  reached and a referral already went to HR or a recruiter.
* ok — authority reached, little piled up since. insufficient_data — too few efforts.
Score = min(1, pile / (2 x leverage_pileup)): half at the threshold, 1 at twice it.
"""

from typing import Any, TypeAlias

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import ReferredTo, Seniority
from outreach_diagnostics.dates import plural
from outreach_diagnostics.rules.context import RuleContext, company_key
from outreach_diagnostics.rules.verdicts import verdict

SLUG = ReasonSlug.CONTACT_LACKS_LEVERAGE
_INSIDE = frozenset({ReferredTo.HIRING_MANAGER, ReferredTo.TEAM_MEMBER})
Effort: TypeAlias = ev.MeetingHeld | ev.ReferralMade
Reach: TypeAlias = ev.MeetingHeld | ev.ReferralMade | ev.InterviewScheduled


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    t = ctx.thresholds
    efforts: list[Effort] = [
        *ctx.state.of_type(ev.MeetingHeld),
        *ctx.state.of_type(ev.ReferralMade),
    ]
    efforts.sort(key=lambda e: e.occurred_at)
    reaches = [e for e in [*efforts, *ctx.state.of_type(ev.InterviewScheduled)] if _reaches(ctx, e)]
    last = max((r.occurred_at for r in reaches), default=None)
    pile = [e for e in efforts if last is None or e.occurred_at > last]
    evidence = _evidence(ctx, efforts, reaches, pile)
    ids = [str(e.event_id) for e in [*reaches, *pile]]
    status, summary = _status(ctx, reaches, pile)
    score = min(1.0, len(pile) / (2 * t.leverage_pileup))
    if status in (Status.OK, Status.INSUFFICIENT_DATA):
        score = 0.0
    return verdict(SLUG, status, score, summary, evidence, ids, _advice(ctx, status, evidence))


def _status(ctx: RuleContext, reaches: list[Reach], pile: list[Effort]) -> tuple[Status, str]:
    piled = len(pile) >= ctx.thresholds.leverage_pileup
    efforts = plural(len(pile), "meeting or referral", "meetings and referrals")
    gatekept = sum(isinstance(e, ev.ReferralMade) for e in pile)
    if not reaches and piled:
        return Status.PROBLEM, f"{efforts} and none reached a person with hiring authority."
    if piled:
        return Status.AT_RISK, f"{efforts} since you last reached hiring authority."
    if not reaches and gatekept:
        referral = plural(gatekept, "referral")
        return Status.AT_RISK, f"Your {referral} went to HR or a recruiter, not the team."
    if reaches:
        return Status.OK, f"You reached hiring authority {plural(len(reaches), 'time')}."
    return Status.INSUFFICIENT_DATA, f"Only {plural(len(pile), 'meeting')} so far, no referral yet."


def _reaches(ctx: RuleContext, event: Reach) -> bool:
    if isinstance(event, ev.ReferralMade):
        return event.data.referred_to in _INSIDE
    if isinstance(event, ev.InterviewScheduled):
        return event.data.with_hiring_manager
    contact = ctx.state.contacts.get(event.data.contact_id)
    return bool(contact and contact.is_hiring_manager)


def _evidence(
    ctx: RuleContext, efforts: list[Effort], reaches: list[Reach], pile: list[Effort]
) -> dict[str, Any]:
    enlisted = sorted({e.data.contact_id for e in efforts})
    weak = [c for c in enlisted if _low_leverage(ctx, c)]
    reached_at = sorted(
        {
            company_key(r.data.company)
            if not isinstance(r, ev.MeetingHeld)
            else company_key(ctx.company_of(r.data.contact_id) or "")
            for r in reaches
        }
        - {""}
    )
    companies = sorted({company_key(ctx.company_of(c) or "") for c in enlisted} - {""})
    return {
        "meetings": sum(isinstance(e, ev.MeetingHeld) for e in efforts),
        "referrals_by_referred_to": {
            k.value: sum(
                isinstance(e, ev.ReferralMade) and e.data.referred_to is k for e in efforts
            )
            for k in ReferredTo
        },
        "reached_authority": [{"event_id": str(r.event_id), "type": r.type} for r in reaches],
        "efforts_since_last_reach": len(pile),
        "since_last_reach": {
            "meetings": sum(isinstance(e, ev.MeetingHeld) for e in pile),
            "referrals_to_hr": sum(_to(e, ReferredTo.HR) for e in pile),
            "referrals_to_recruiter": sum(_to(e, ReferredTo.RECRUITER) for e in pile),
        },
        "pileup_threshold": ctx.thresholds.leverage_pileup,
        "companies_engaged": companies,
        "companies_reached_authority": reached_at,
        "low_leverage_contacts": [_describe(ctx, c) for c in weak],
    }


def _to(event: Effort, whom: ReferredTo) -> bool:
    return isinstance(event, ev.ReferralMade) and event.data.referred_to is whom


def _low_leverage(ctx: RuleContext, contact_id: str) -> bool:
    """Neither the hiring manager nor able to reach one, or junior without known reach."""
    contact = ctx.state.contacts.get(contact_id)
    if contact is None or contact.is_hiring_manager or contact.can_reach_hiring_manager:
        return False
    return contact.can_reach_hiring_manager is False or contact.seniority is Seniority.JUNIOR


def _describe(ctx: RuleContext, contact_id: str) -> dict[str, Any]:
    contact = ctx.state.contacts[contact_id]
    return {
        "contact_id": contact_id,
        "company": contact.company,
        "seniority": contact.seniority.value if contact.seniority else None,
        "can_reach_hiring_manager": contact.can_reach_hiring_manager,
    }


def _advice(ctx: RuleContext, status: Status, evidence: dict[str, Any]) -> str:
    weak = evidence["low_leverage_contacts"]
    weak_text = ", ".join(
        f"{w['contact_id']} ({w['company']}, {w['seniority'] or 'seniority unknown'})"
        for w in weak[:10]
    )
    if status is Status.INSUFFICIENT_DATA:
        return (
            f"Record meetings (meeting.held) and referrals (referral.made, with referred_to); "
            f"the verdict needs {ctx.thresholds.leverage_pileup} of them or one that "
            f"reaches a hiring manager. Before enlisting a contact, check their reach."
        )
    if status is Status.OK:
        return (
            "Your contacts get you to people who hire. Keep asking each one for an "
            "introduction to the hiring manager or the team by name."
        )
    pile = evidence["since_last_reach"]
    when = "Since you last reached" if evidence["reached_authority"] else "Without reaching"
    text = (
        f"{when} anyone with hiring authority you held {plural(pile['meetings'], 'meeting')} "
        f"and got {plural(pile['referrals_to_hr'], 'referral')} to HR and "
        f"{pile['referrals_to_recruiter']} to recruiters. "
    )
    if weak:
        text += f"These contacts cannot reach the hiring manager or are junior: {weak_text}. "
    return text + (
        "Before you enlist a contact, ask who makes the hiring decision and whether "
        "they can introduce you to that person or the team directly; if not, find "
        "a more senior contact at the company."
    )
