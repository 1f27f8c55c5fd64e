"""4. Prior knowledge of the candidate is coloring the decision (the Cancun beer pong).

A contact's impression is their latest impression.noted. Referral outcomes come from
``rules.referrals``: stalled = no interview at that company within 21 days, including a
referral the contact agreed to (referral.requested) and never made in those days — the
politest way to do nothing, and the likeliest from someone who remembers the beer pong.

* problem — more than ``impression_problem_share`` (half: "mostly") of the stalled
  referrals came through contacts with a negative impression; strength = how far the
  share is from half to all.
* at_risk — some, but not most, stalled referrals came through them, or a referral
  through them is still pending; strength = the share over half.
* ok — no stalled or pending referral depends on them; strength 0.
* insufficient_data — no impression.noted at all: nothing tells what contacts think.
"""

from typing import Any

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import Valence
from outreach_diagnostics.dates import plural, short, weekday
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.referrals import Referral, referrals
from outreach_diagnostics.rules.verdicts import share, verdict

SLUG = ReasonSlug.PRIOR_IMPRESSION


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    latest = {i.data.contact_id: i for i in ctx.state.of_type(ev.ImpressionNoted)}
    negative = {c: i for c, i in sorted(latest.items()) if i.data.valence is Valence.NEGATIVE}
    made = referrals(ctx)
    stalled = [r for r in made if r.outcome == "stalled"]
    through = [r for r in made if r.contact_id in negative]
    stalled_through = [r for r in through if r.outcome == "stalled"]
    pending_through = [r for r in through if r.outcome == "pending"]
    fraction = share(len(stalled_through), len(stalled))
    evidence: dict[str, Any] = {
        "negative_contacts": [
            {"contact_id": c, "context": i.data.context, "event_id": str(i.event_id)}
            for c, i in negative.items()
        ],
        "referrals": len(made),
        "stalled_referrals": len(stalled),
        "stalled_through_negative": [r.as_dict() for r in stalled_through],
        "pending_through_negative": [r.as_dict() for r in pending_through],
        "share_of_stalled_through_negative": round(fraction, 3),
    }
    ids = [*(str(i.event_id) for i in negative.values()), *(r.event_id for r in through)]
    if not latest:
        summary = "No prior impressions of you have been noted for any contact."
        advice = (
            "Record impression.noted for contacts who knew you before (college, a past job, "
            "a party) — negative, neutral or positive — so stalled referrals "
            f"({len(stalled)} so far) can be traced to them or ruled out."
        )
        return verdict(SLUG, Status.INSUFFICIENT_DATA, 0.0, summary, evidence, ids, advice)
    status, summary = _status(ctx, fraction, stalled, stalled_through, pending_through)
    score = _strength(ctx, status, fraction)
    advice = _advice(ctx, status, negative, stalled_through, pending_through)
    return verdict(SLUG, status, score, summary, evidence, ids, advice)


def _strength(ctx: RuleContext, status: Status, fraction: float) -> float:
    half = ctx.thresholds.impression_problem_share
    if status is Status.PROBLEM:
        return share(fraction - half, 1.0 - half)
    return min(1.0, share(fraction, half)) if status is Status.AT_RISK else 0.0


def _status(
    ctx: RuleContext,
    fraction: float,
    stalled: list[Referral],
    stalled_through: list[Referral],
    pending_through: list[Referral],
) -> tuple[Status, str]:
    ratio = f"{len(stalled_through)} of {plural(len(stalled), 'stalled referral')}"
    if stalled_through and fraction > ctx.thresholds.impression_problem_share:
        return Status.PROBLEM, f"{ratio} came through contacts with a negative impression of you."
    if stalled_through or pending_through:
        return Status.AT_RISK, (
            f"{ratio} came through contacts with a negative impression of you, "
            f"and {plural(len(pending_through), 'such referral is', 'such referrals are')} "
            "pending."
        )
    return Status.OK, "No stalled or pending referral depends on a contact with a bad impression."


def _advice(
    ctx: RuleContext,
    status: Status,
    negative: dict[str, ev.ImpressionNoted],
    stalled_through: list[Referral],
    pending_through: list[Referral],
) -> str:
    def who(contact_id: str) -> str:
        context = negative[contact_id].data.context
        name = ctx.name_of(contact_id)
        return f"{name} ({context})" if context else name

    if status is Status.OK:
        if not negative:
            return "No contact is noted with a negative impression of you: nothing to fix here."
        return (
            f"{', '.join(who(c) for c in negative)} may remember you badly: "
            "don't make them the one who recommends you."
        )
    lines = [_line(r, who(r.contact_id)) for r in [*stalled_through, *pending_through]]
    return (
        f"{'; '.join(lines)}. {plural(len(negative), 'contact')} may still picture you as "
        f"they knew you back then: for these companies, find another way in through someone "
        f"who knows your recent work, or address the past with the contact openly. "
        f"Give each referral {ctx.thresholds.referral_stall_days} days before calling it stalled."
    )


def _line(r: Referral, who: str) -> str:
    if r.never_made:
        done = f"agreed on {short(r.made_on)} to refer you to {r.company}"
    else:
        done = f"referred you to {r.company} on {short(r.made_on)}"
    if r.outcome == "stalled":
        after = "and it was never made" if r.never_made else "no interview followed"
    else:
        after = f"still pending: follow up on {weekday(r.follow_up_on)} if nothing happens"
    return f"{who} {done}, {after}"
