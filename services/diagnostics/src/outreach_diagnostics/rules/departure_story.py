"""2. The reason for leaving is not seen as valid: "If you got fired, say so."

Each departure.explained story is compared with the latest employment.ended record:
after fired / laid_off / resigned_on_bad_terms only the same story is honest; after a
clean departure (resigned, contract_ended, still_employed) claiming a hard one
contradicts the record; "vague" is vague whatever the record. Stalled referrals are
those passed to HR or a recruiter that led to no interview in 21 days (rules.referrals).

* problem — a story contradicts the record, or a vague story while such referrals
  stall; score = 0.6 + 0.4 x the share of stories that are vague or contradicting.
* at_risk — vague stories without stalls, or negative feedback on the departure story;
  score = 0.3 + 0.2 x that share.
* ok — stories match the record; insufficient_data — no record or no stories to compare.
"""

from typing import Any

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import Aspect, Circumstance, Story, Valence
from outreach_diagnostics.dates import plural as n_of
from outreach_diagnostics.dates import short
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.referrals import Referral, referrals
from outreach_diagnostics.rules.verdicts import share, verdict

SLUG = ReasonSlug.DEPARTURE_STORY
_HARD = {
    Circumstance.FIRED: Story.FIRED,
    Circumstance.LAID_OFF: Story.LAID_OFF,
    Circumstance.RESIGNED_ON_BAD_TERMS: Story.RESIGNED_ON_BAD_TERMS,
}
_SAY = {
    Circumstance.FIRED: "I was fired",
    Circumstance.LAID_OFF: "I was laid off",
    Circumstance.RESIGNED_ON_BAD_TERMS: "I left on bad terms",
    Circumstance.RESIGNED: "I resigned",
    Circumstance.CONTRACT_ENDED: "my contract ended",
    Circumstance.STILL_EMPLOYED: "I am still employed and want to move",
}

_RECORD = {
    Circumstance.FIRED: "you were fired",
    Circumstance.LAID_OFF: "you were laid off",
    Circumstance.RESIGNED_ON_BAD_TERMS: "you left on bad terms",
    Circumstance.RESIGNED: "you resigned",
    Circumstance.CONTRACT_ENDED: "your contract ended",
    Circumstance.STILL_EMPLOYED: "you are still employed",
}
_TOLD = {
    Story.LAID_OFF: "you were laid off",
    Story.FIRED: "you were fired",
    Story.RESIGNED_ON_BAD_TERMS: "you left on bad terms",
    Story.GROWTH: "you left to grow",
    Story.RELOCATION: "you left to relocate",
    Story.COMPENSATION: "you left for the pay",
    Story.VAGUE: "a vague reason",
    Story.OTHER: "some other reason",
}


def classify(story: Story, record: Circumstance | None) -> str:
    """honest | contradicts | vague | unchecked (no record to compare with)."""
    if story is Story.VAGUE:
        return "vague"
    if record is None:
        return "unchecked"
    if record in _HARD:
        return "honest" if story is _HARD[record] else "contradicts"
    return "contradicts" if story in _HARD.values() else "honest"


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    records = ctx.state.of_type(ev.EmploymentEnded)
    record = records[-1] if records else None
    circumstance = record.data.circumstance if record else None
    stories = ctx.state.of_type(ev.DepartureExplained)
    told = [(story, classify(story.data.story, circumstance)) for story in stories]
    stalled = [r for r in referrals(ctx) if r.to_gatekeeper and r.outcome == "stalled"]
    feedback = [
        f
        for f in ctx.state.of_type(ev.FeedbackReceived)
        if f.data.aspect is Aspect.DEPARTURE_STORY and f.data.sentiment is Valence.NEGATIVE
    ]
    kinds = [kind for _, kind in told]
    bad = share(kinds.count("contradicts") + kinds.count("vague"), len(kinds))
    status, summary = _status(circumstance, kinds, stalled, len(feedback))
    score = {Status.PROBLEM: 0.6 + 0.4 * bad, Status.AT_RISK: 0.3 + 0.2 * bad}.get(status, 0.0)
    evidence = _evidence(ctx, record, told, stalled, feedback)
    ids = [
        *([str(record.event_id)] if record else []),
        *(str(story.event_id) for story, _ in told),
        *(r.event_id for r in stalled),
        *(str(f.event_id) for f in feedback),
    ]
    advice = _advice(ctx, status, circumstance, told, stalled, len(feedback))
    return verdict(SLUG, status, score, summary, evidence, ids, advice)


def _evidence(
    ctx: RuleContext,
    record: ev.EmploymentEnded | None,
    told: list[tuple[ev.DepartureExplained, str]],
    stalled: list[Referral],
    feedback: list[ev.FeedbackReceived],
) -> dict[str, Any]:
    return {
        "record": {
            "circumstance": record.data.circumstance.value,
            "event_id": str(record.event_id),
            "on": ctx.day(record).isoformat(),
        }
        if record
        else None,
        "stories": [
            {
                "contact_id": story.data.contact_id,
                "story": story.data.story.value,
                "verdict": kind,
                "on": ctx.day(story).isoformat(),
                "event_id": str(story.event_id),
            }
            for story, kind in told
        ],
        "stalled_gatekeeper_referrals": [r.as_dict() for r in stalled],
        "negative_feedback": [str(f.event_id) for f in feedback],
    }


def _status(
    record: Circumstance | None, kinds: list[str], stalled: list[Referral], feedback: int
) -> tuple[Status, str]:
    if "contradicts" in kinds:
        told = kinds.count("contradicts")
        verb = "contradicts" if told == 1 else "contradict"
        return Status.PROBLEM, f"{n_of(told, 'story', 'stories')} you told {verb} the record."
    if "vague" in kinds and stalled:
        return Status.PROBLEM, (
            f"You gave vague reasons for leaving while {n_of(len(stalled), 'referral')} "
            f"to HR or recruiters stalled."
        )
    if "vague" in kinds or feedback:
        return Status.AT_RISK, (
            "Your reason for leaving is vague or drew negative feedback, "
            "though no referral has stalled over it yet."
        )
    if record is None or not kinds:
        return Status.INSUFFICIENT_DATA, "There is no departure record and story to compare."
    return Status.OK, f"Every story you told matches the record ({record})."


def _advice(
    ctx: RuleContext,
    status: Status,
    record: Circumstance | None,
    told: list[tuple[ev.DepartureExplained, str]],
    stalled: list[Referral],
    feedback: int,
) -> str:
    plain = f'"{_SAY[record]}"' if record else "what actually happened"
    off = [
        f"on {short(ctx.day(s))} you told {s.data.contact_id} {_TOLD[s.data.story]}"
        for s, kind in told
        if kind in ("contradicts", "vague")
    ]
    stall = "; ".join(f"{r.company} ({r.referred_to}, {short(r.made_on)})" for r in stalled)
    if status is Status.INSUFFICIENT_DATA:
        missing = "an employment.ended event (how your last job ended)" if record is None else ""
        if not told:
            missing += (
                " and " if missing else ""
            ) + "departure.explained events (what you told each contact)"
        return f"Record {missing} to check your story against your record."
    if status is Status.OK:
        return f"Your story matches your record: keep saying {plain}, plainly."
    said = "; ".join(off)
    record_says = f", while your record says {_RECORD[record]}" if record else ""
    text = f"{said[:1].upper()}{said[1:]}{record_says}. " if off else ""
    if feedback:
        text += f"{n_of(feedback, 'contact')} gave negative feedback on your departure story. "
    if stalled:
        text += (
            f"Referrals passed to HR or a recruiter that led to no interview in "
            f"{ctx.thresholds.referral_stall_days} days: {stall}. "
        )
    return text + (
        f"Say {plain}: contacts who sense a fib pass your resume to HR and do "
        f"nothing. Don't get creative, just be real."
    )
