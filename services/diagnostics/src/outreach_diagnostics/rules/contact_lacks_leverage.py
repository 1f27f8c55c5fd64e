"""5. The contact cannot get you to the person with hiring authority.

Efforts are meeting.held, referral.made, and referrals asked for and never made in 21
days (``rules.referrals``). Reaching authority is a referral to a hiring_manager or
team_member, a meeting with a contact who is_hiring_manager, or an interview.scheduled
with_hiring_manager.

Decisions (the seed is silent on numbers):

* Only the last ``leverage_window_days`` (90) count, for efforts and reaches alike: one
  hiring-manager referral months ago says nothing about the contacts enlisted since.
* An effort is not a failure the moment it happens: a meeting or a referral fails when
  ``referral_stall_days`` (21) have passed without authority being reached after it.
  Until then it is pending, and shown with the business day to follow it up.
* The *pile* is the failed efforts since the last reach in the window (all of them if
  authority was not reached in the window).

* problem — not reached in the window, and the pile is at least ``leverage_pileup`` (3).
* at_risk — reached, but ``leverage_pileup`` failed efforts piled up since; or not reached
  and a referral already went to HR or a recruiter.
* ok — authority reached in the window, little piled up since.
* insufficient_data — too few judged efforts (recent ones are still pending).
Strength = min(1, pile / (2 x leverage_pileup)) for problem and at_risk (half at the
threshold, all at twice it); for ok, how close the pile is to the threshold.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeAlias

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import ReferredTo, Seniority
from outreach_diagnostics.dates import business_day, plural, short
from outreach_diagnostics.rules.context import RuleContext, company_key
from outreach_diagnostics.rules.referrals import referrals
from outreach_diagnostics.rules.verdicts import share, verdict

SLUG = ReasonSlug.CONTACT_LACKS_LEVERAGE
_INSIDE = frozenset({ReferredTo.HIRING_MANAGER, ReferredTo.TEAM_MEMBER})
Reach: TypeAlias = ev.MeetingHeld | ev.ReferralMade | ev.InterviewScheduled


@dataclass(frozen=True)
class Effort:
    kind: str  # meeting | referral | request (asked for, never made)
    event_id: str
    contact_id: str
    company: str | None
    on: date
    referred_to: ReferredTo | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "event_id": self.event_id,
            "contact_id": self.contact_id,
            "company": self.company,
            "on": self.on.isoformat(),
            "referred_to": self.referred_to.value if self.referred_to else None,
        }


@dataclass(frozen=True)
class Window:
    start: date
    efforts: list[Effort]  # in the window, oldest first, none reaching authority
    reaches: list[Reach]  # in the window
    earlier_reaches: int  # before the window: told, not counted
    pile: list[Effort]  # failed since the last reach
    pending: list[Effort]  # since the last reach, still inside the stall window

    @property
    def gatekept(self) -> int:
        return sum(e.referred_to in (ReferredTo.HR, ReferredTo.RECRUITER) for e in self.open)

    @property
    def open(self) -> list[Effort]:
        return [*self.pile, *self.pending]


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    found = _window(ctx)
    status, summary = _status(ctx, found)
    t = ctx.thresholds
    strength = {
        Status.PROBLEM: min(1.0, len(found.pile) / (2 * t.leverage_pileup)),
        Status.AT_RISK: min(1.0, len(found.pile) / (2 * t.leverage_pileup)),
        Status.OK: min(1.0, share(len(found.pile), t.leverage_pileup)),
    }.get(status, 0.0)
    evidence = _evidence(ctx, found)
    ids = [*(str(r.event_id) for r in found.reaches), *(e.event_id for e in found.open)]
    advice = _advice(ctx, status, found, evidence)
    return verdict(SLUG, status, strength, summary, evidence, ids, advice)


def _window(ctx: RuleContext) -> Window:
    t = ctx.thresholds
    start = ctx.as_of - timedelta(days=t.leverage_window_days)
    candidates: list[Reach] = [
        *ctx.state.of_type(ev.MeetingHeld),
        *ctx.state.of_type(ev.ReferralMade),
        *ctx.state.of_type(ev.InterviewScheduled),
    ]
    reaching = [r for r in candidates if _reaches(ctx, r)]
    reaches = [r for r in reaching if ctx.day(r) >= start]
    # Only the window's events become efforts: building one for every event of a long
    # history cost more than the rule (issue 11).
    recent = [c for c in candidates if ctx.day(c) >= start]
    efforts = sorted(
        (e for e in _efforts(ctx, recent) if e.on >= start), key=lambda e: (e.on, e.event_id)
    )
    last = max((ctx.day(r) for r in reaches), default=None)
    since = [e for e in efforts if last is None or e.on > last]
    stall = timedelta(days=t.referral_stall_days)
    pile = [e for e in since if ctx.as_of > e.on + stall]
    pending = [e for e in since if ctx.as_of <= e.on + stall]
    return Window(start, efforts, reaches, len(reaching) - len(reaches), pile, pending)


def _efforts(ctx: RuleContext, candidates: list[Reach]) -> list[Effort]:
    found = [
        Effort("meeting", str(e.event_id), e.data.contact_id, ctx.company_of(e.data.contact_id),
               ctx.day(e))
        if isinstance(e, ev.MeetingHeld)
        else Effort("referral", str(e.event_id), e.data.contact_id, e.data.company, ctx.day(e),
                    e.data.referred_to)
        for e in candidates
        if isinstance(e, ev.MeetingHeld | ev.ReferralMade) and not _reaches(ctx, e)
    ]  # fmt: skip
    found += [
        Effort("request", r.event_id, r.contact_id, r.company, r.made_on)
        for r in referrals(ctx)
        if r.never_made and r.outcome != "converted"
    ]
    return found


def _status(ctx: RuleContext, found: Window) -> tuple[Status, str]:
    piled = len(found.pile) >= ctx.thresholds.leverage_pileup
    efforts = plural(len(found.pile), "meeting or referral", "meetings and referrals")
    days = ctx.thresholds.leverage_window_days
    if not found.reaches and piled:
        return Status.PROBLEM, (
            f"{efforts} in the last {days} days and none reached a person with hiring authority."
        )
    if piled:
        return Status.AT_RISK, f"{efforts} led nowhere since you last reached hiring authority."
    if not found.reaches and found.gatekept:
        referral = plural(found.gatekept, "referral")
        return Status.AT_RISK, f"Your {referral} went to HR or a recruiter, not the team."
    if found.reaches:
        reached = plural(len(found.reaches), "time")
        return Status.OK, f"You reached hiring authority {reached} in the last {days} days."
    return Status.INSUFFICIENT_DATA, (
        f"{plural(len(found.pile), 'meeting or referral', 'meetings and referrals')} led "
        f"nowhere so far, and {plural(len(found.pending), 'more is', 'more are')} too "
        "recent to judge."
    )


def _reaches(ctx: RuleContext, event: Reach) -> bool:
    if isinstance(event, ev.ReferralMade):
        return event.data.referred_to in _INSIDE
    if isinstance(event, ev.InterviewScheduled):
        return event.data.with_hiring_manager
    contact = ctx.state.contacts.get(event.data.contact_id)
    return bool(contact and contact.is_hiring_manager)


def _evidence(ctx: RuleContext, found: Window) -> dict[str, Any]:
    enlisted = sorted({e.contact_id for e in found.efforts})
    reached_at = sorted(
        {
            company_key(ctx.company_of(r.data.contact_id) or "")
            if isinstance(r, ev.MeetingHeld)
            else company_key(r.data.company)
            for r in found.reaches
        }
        - {""}
    )
    companies = sorted({company_key(ctx.company_of(c) or "") for c in enlisted} - {""})
    referrals_made = [e for e in found.efforts if e.kind == "referral"]
    return {
        "window_days": ctx.thresholds.leverage_window_days,
        "window_start": found.start.isoformat(),
        "meetings": sum(e.kind == "meeting" for e in found.efforts)
        + sum(isinstance(r, ev.MeetingHeld) for r in found.reaches),
        "referrals_by_referred_to": {
            k.value: sum(e.referred_to is k for e in referrals_made)
            + sum(isinstance(r, ev.ReferralMade) and r.data.referred_to is k for r in found.reaches)
            for k in ReferredTo
        },
        "reached_authority": [{"event_id": str(r.event_id), "type": r.type} for r in found.reaches],
        "reached_authority_before_window": found.earlier_reaches,
        "efforts_since_last_reach": len(found.pile),
        "since_last_reach": {
            "meetings": sum(e.kind == "meeting" for e in found.pile),
            "referrals_to_hr": sum(e.referred_to is ReferredTo.HR for e in found.pile),
            "referrals_to_recruiter": sum(
                e.referred_to is ReferredTo.RECRUITER for e in found.pile
            ),
            "referrals_never_made": sum(e.kind == "request" for e in found.pile),
        },
        "pending_efforts": [e.as_dict() for e in found.pending],
        "pileup_threshold": ctx.thresholds.leverage_pileup,
        "companies_engaged": companies,
        "companies_reached_authority": reached_at,
        "low_leverage_contacts": [_describe(ctx, c) for c in enlisted if _low_leverage(ctx, c)],
    }


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
        "name": ctx.name_of(contact_id),
        "company": contact.company,
        "seniority": contact.seniority.value if contact.seniority else None,
        "can_reach_hiring_manager": contact.can_reach_hiring_manager,
    }


def _advice(ctx: RuleContext, status: Status, found: Window, evidence: dict[str, Any]) -> str:
    pending = _pending_text(ctx, found)
    if status is Status.INSUFFICIENT_DATA:
        return (
            f"Record meetings (meeting.held) and referrals (referral.made, with referred_to); "
            f"the verdict needs {ctx.thresholds.leverage_pileup} that led nowhere in "
            f"{ctx.thresholds.referral_stall_days} days, or one that reaches a hiring "
            f"manager. {pending}Before enlisting a contact, check their reach."
        )
    if status is Status.OK:
        return (
            "Your contacts get you to people who hire. Keep asking each one for an "
            f"introduction to the hiring manager or the team by name. {pending}"
        ).strip()
    return (
        _failing(evidence)
        + pending
        + (
            "Before you enlist a contact, ask who makes the hiring decision and whether "
            "they can introduce you to that person or the team directly; if not, find "
            "a more senior contact at the company."
        )
    )


def _failing(evidence: dict[str, Any]) -> str:
    pile = evidence["since_last_reach"]
    when = "Since you last reached" if evidence["reached_authority"] else "Without reaching"
    parts = [plural(pile["meetings"], "meeting") + " held"] if pile["meetings"] else []
    gatekept = (
        (pile["referrals_to_hr"], "to HR", "to HR"),
        (pile["referrals_to_recruiter"], "to a recruiter", "to recruiters"),
        (pile["referrals_never_made"], "promised and never made", "promised and never made"),
    )
    for count, one, many in gatekept:
        if count:
            parts.append(f"{plural(count, 'referral')} {one if count == 1 else many}")
    text = f"{when} anyone with hiring authority: {', '.join(parts)}. "
    weak = evidence["low_leverage_contacts"]
    if weak:
        listed = ", ".join(
            f"{w['name']} ({w['company']}, {w['seniority'] or 'seniority unknown'})"
            for w in weak[:10]
        )
        text += f"These contacts cannot reach the hiring manager or are junior: {listed}. "
    return text


def _pending_text(ctx: RuleContext, found: Window) -> str:
    if not found.pending:
        return ""
    stall = timedelta(days=ctx.thresholds.referral_stall_days)
    dues = [
        f"{ctx.name_of(e.contact_id)} ({e.kind} {short(e.on)}, by "
        f"{short(business_day(e.on + stall, ctx.country))})"
        for e in found.pending[:5]
    ]
    more = f" and {len(found.pending) - 5} more" if len(found.pending) > 5 else ""
    return f"Ask who the hiring manager is and follow up: {'; '.join(dues)}{more}. "
