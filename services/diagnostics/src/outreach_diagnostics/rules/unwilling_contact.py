"""7. Talking to a person unwilling to help ("they'll put up a front").

A contact is unwilling when their latest contact.replied is reluctant or declined, or
when they broke a promise: a help.promised with no help.delivered from them within
``promise_due_days`` (14) days (a promise is judged only once those days have passed by
``as_of``; pairing is ``outreach_domain.summary.promises``). Time is meeting.held
minutes, ``default_meeting_minutes`` (30) for a meeting without them.

* problem — more than ``unwilling_time_problem_share`` (half: "most") of meeting time
  went to unwilling contacts; at_risk — at least ``unwilling_time_at_risk_share`` (25 %);
  ok — less. So one decline among many eager replies, with no time spent on that
  contact, is ok (named in the advice): the seed's harm is the time invested.
* Without any meeting time to weigh, nothing was invested yet: at_risk when at least
  ``unwilling_time_at_risk_share`` of the contacts with a signal are unwilling (the
  next meeting is likely to go to one of them), ok below; never a problem.
* insufficient_data — no willingness signal at all (no reply with a willingness, no
  promise due yet).
The share that decided (of time, else of contacts) is the evidence's ``share``; the
strength is where it lies within its status's range of shares.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import Willingness
from outreach_diagnostics.dates import business_day, plural, short, weekday
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.verdicts import share, verdict
from outreach_domain.summary import Promise, promises

SLUG = ReasonSlug.UNWILLING_CONTACT
UNWILLING = frozenset({Willingness.RELUCTANT, Willingness.DECLINED})
WILLING = frozenset({Willingness.EAGER, Willingness.WILLING})


@dataclass(frozen=True)
class Signals:
    latest: dict[str, ev.ContactReplied]  # each contact's latest reply with a willingness
    judged: list[Promise]  # kept, or due by as_of
    broken: list[Promise]  # not kept within promise_due_days
    minutes: dict[str, int]  # meeting time per contact
    pending: list[Promise]  # not kept yet, not due yet

    # Cached: the advice asks for them once per contact, which made a long history's
    # diagnosis quadratic in its contacts.
    @cached_property
    def reluctant(self) -> list[str]:
        return sorted(c for c, r in self.latest.items() if r.data.willingness in UNWILLING)

    @cached_property
    def unwilling(self) -> set[str]:
        return {*self.reluctant, *(p.contact_id for p in self.broken)}

    @property
    def signalled(self) -> set[str]:
        return {*self.latest, *(p.contact_id for p in self.judged)}


def signals(ctx: RuleContext) -> Signals:
    replies = ctx.state.of_type(ev.ContactReplied)
    latest = {r.data.contact_id: r for r in replies if r.data.willingness is not None}
    due = timedelta(days=ctx.thresholds.promise_due_days)
    made = promises(ctx.state)
    judged: list[Promise] = []
    pending: list[Promise] = []
    for p in made:  # one pass: "not in judged" over a list was quadratic in promises
        is_judged = p.delivered_on is not None or ctx.as_of > p.promised_on + due
        (judged if is_judged else pending).append(p)
    broken = [p for p in judged if p.delivered_on is None or p.delivered_on - p.promised_on > due]
    minutes: dict[str, int] = {}
    for meeting in ctx.state.of_type(ev.MeetingHeld):
        spent = meeting.data.minutes or ctx.thresholds.default_meeting_minutes
        minutes[meeting.data.contact_id] = minutes.get(meeting.data.contact_id, 0) + spent
    return Signals(latest, judged, broken, minutes, pending)


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    found = signals(ctx)
    unwilling = found.unwilling
    total = sum(found.minutes.values())
    spent = sum(m for c, m in found.minutes.items() if c in unwilling)
    fraction = round(
        share(spent, total) if total else share(len(unwilling), len(found.signalled)), 3
    )  # rounded once: the summary, the evidence and the status read the same number
    evidence = _evidence(ctx, found, fraction)
    ids = [
        *(str(found.latest[c].event_id) for c in found.reluctant),
        *(i for p in found.broken for i in (p.event_id, p.delivery_event_id) if i),
        *(
            str(m.event_id)
            for m in ctx.state.of_type(ev.MeetingHeld)
            if m.data.contact_id in unwilling
        ),
    ]
    if not found.signalled:
        summary = "Nothing yet shows how willing your contacts are to help."
        advice = (
            "Record each contact's willingness when they reply (contact.replied) and what "
            "they promise and deliver (help.promised, help.delivered); a promise is judged "
            f"{ctx.thresholds.promise_due_days} days after it was made."
        )
        return verdict(SLUG, Status.INSUFFICIENT_DATA, 0.0, summary, evidence, ids, advice)
    status = _status(ctx, fraction, total)
    who = plural(len(unwilling), "contact")
    summary = (
        f"{round(100 * fraction)}% of your meeting time ({spent} of {total} "
        f"minutes) went to {who} unwilling to help."
        if total
        else f"{who} of {len(found.signalled)} ({round(100 * fraction)}%) unwilling to help; "
        "no meeting time recorded yet."
    )
    strength = _strength(ctx, status, fraction)
    return verdict(SLUG, status, strength, summary, evidence, ids, _advice(ctx, status, found))


def _status(ctx: RuleContext, fraction: float, total: int) -> Status:
    t = ctx.thresholds
    if total and fraction > t.unwilling_time_problem_share:
        return Status.PROBLEM
    return Status.AT_RISK if fraction >= t.unwilling_time_at_risk_share else Status.OK


def _strength(ctx: RuleContext, status: Status, fraction: float) -> float:
    """Where the share lies within its status's range: [0, 25 %), [25 %, 50 %], (50 %, 1]."""
    low, high = (
        ctx.thresholds.unwilling_time_at_risk_share,
        ctx.thresholds.unwilling_time_problem_share,
    )
    if status is Status.PROBLEM:
        return share(fraction - high, 1.0 - high)
    if status is Status.AT_RISK:
        return min(1.0, share(fraction - low, high - low))
    return share(fraction, low)


def _evidence(ctx: RuleContext, found: Signals, fraction: float) -> dict[str, Any]:
    unwilling = found.unwilling
    return {
        "reluctant_or_declined": [
            {
                "contact_id": c,
                "willingness": str(found.latest[c].data.willingness),
                "on": ctx.day(found.latest[c]).isoformat(),
            }
            for c in found.reluctant
        ],
        "broken_promises": [
            {
                "contact_id": p.contact_id,
                "promised_on": p.promised_on.isoformat(),
                "delivered_on": p.delivered_on.isoformat() if p.delivered_on else None,
                "event_id": p.event_id,
            }
            for p in found.broken
        ],
        "meeting_minutes_total": sum(found.minutes.values()),
        "meeting_minutes_with_unwilling": sum(
            m for c, m in found.minutes.items() if c in unwilling
        ),
        "minutes_by_unwilling_contact": {c: found.minutes.get(c, 0) for c in sorted(unwilling)},
        "unwilling_contacts": sorted(unwilling),
        "share": fraction,
        "share_of": "meeting_time" if found.minutes else "contacts_with_a_signal",
    }


def _advice(ctx: RuleContext, status: Status, found: Signals) -> str:
    willing = sorted(
        c
        for c, r in found.latest.items()
        if r.data.willingness in WILLING and c not in found.unwilling
    )
    why = [f"{ctx.name_of(c)} replied {found.latest[c].data.willingness}" for c in found.reluctant]
    why += [
        f"{ctx.name_of(p.contact_id)} promised help on {short(p.promised_on)} and had not "
        f"delivered within {ctx.thresholds.promise_due_days} days"
        for p in found.broken
    ]
    chase = _chase(ctx, found)
    if status is Status.OK:
        note = f" Note: {'; '.join(why)}." if why else ""
        return f"Most of your time goes to contacts willing to help.{note}{chase}"
    toward = (
        f" Spend it on those who replied eager or willing: "
        f"{', '.join(ctx.name_of(c) for c in willing[:10])}."
        if willing
        else ""
    )
    return (
        f"{'; '.join(why)}. Some people help only for reciprocity and put up a front: gauge "
        f"a contact's willingness from what you know before investing a meeting.{toward}{chase}"
    )


def _chase(ctx: RuleContext, found: Signals) -> str:
    """When to follow up on each open promise: its due day, moved to a business day."""
    due = timedelta(days=ctx.thresholds.promise_due_days)
    dues = [
        f"{ctx.name_of(p.contact_id)} on {weekday(business_day(p.promised_on + due, ctx.country))}"
        for p in found.pending[:5]
    ]
    return f" Follow up on open promises: {'; '.join(dues)}." if dues else ""
