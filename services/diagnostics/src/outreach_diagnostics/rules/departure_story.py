"""2. The reason for leaving is not seen as valid: "If you got fired, say so."

Each departure.explained story is compared with the employment.ended record *in force
when it was told* (the latest one that occurred by then): after fired / laid_off /
resigned_on_bad_terms only the same story is honest; after a clean departure (resigned,
contract_ended, still_employed) claiming a hard one contradicts the record; "vague" is
vague whatever the record. So a "growth" story told while still employed, then a firing
that the candidate states plainly, is honest twice. A story told before any record is
unchecked: nothing was in force to compare it with.

Stalled referrals are dead ends (``rules.referrals``): passed to HR or a recruiter and
no interview in 21 days, or asked for and never made in 21 days. A vague story counts
against them only through the contacts who heard it, on or before the referral's due
day: a stall through someone who never heard the story is not the story's doing.

* problem — a story contradicts the record in force, or a contact who heard a vague
  story let a referral stall; strength = the share of stories vague or contradicting.
* at_risk — vague stories without such stalls, or negative feedback on the departure
  story; strength = that share plus a quarter per negative feedback (at most 1).
* ok — every checked story matches its record; insufficient_data — no story that could
  be checked (no record in force when it was told).
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
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
    record = records[-1] if records else None  # the record in force now: what to say next
    circumstance = record.data.circumstance if record else None
    moments = [r.occurred_at for r in records]  # in order: the state is sorted by instant
    told = [_judge(story, records, moments) for story in ctx.state.of_type(ev.DepartureExplained)]
    stalled = [r for r in referrals(ctx) if r.dead_end]
    after_vague = _after_vague(ctx, told, stalled)
    feedback = [
        f
        for f in ctx.state.of_type(ev.FeedbackReceived)
        if f.data.aspect is Aspect.DEPARTURE_STORY and f.data.sentiment is Valence.NEGATIVE
    ]
    kinds = [t.kind for t in told]
    bad = share(kinds.count("contradicts") + kinds.count("vague"), len(kinds))
    status, summary = _status(circumstance, kinds, after_vague, len(feedback))
    strength = bad if status is Status.PROBLEM else min(1.0, bad + 0.25 * len(feedback))
    evidence = _evidence(ctx, record, told, stalled, after_vague, feedback)
    ids = [
        *([str(record.event_id)] if record else []),
        *(str(t.story.event_id) for t in told),
        *(r.event_id for r in after_vague),
        *(str(f.event_id) for f in feedback),
    ]
    advice = _advice(ctx, status, circumstance, told, after_vague, len(feedback))
    return verdict(SLUG, status, strength, summary, evidence, ids, advice)


@dataclass(frozen=True)
class Told:
    story: ev.DepartureExplained
    record: ev.EmploymentEnded | None  # the record in force when it was told
    kind: str

    @property
    def circumstance(self) -> Circumstance | None:
        return self.record.data.circumstance if self.record else None


def _judge(
    story: ev.DepartureExplained, records: list[ev.EmploymentEnded], moments: list[datetime]
) -> Told:
    # The last record by the story's instant, by binary search: a scan of every record
    # for every story was the rule's largest cost on a long history (issue 11).
    before = bisect_right(moments, story.occurred_at)
    record = records[before - 1] if before else None
    circumstance = record.data.circumstance if record else None
    return Told(story, record, classify(story.data.story, circumstance))


def _after_vague(ctx: RuleContext, told: list[Told], stalled: list[Referral]) -> list[Referral]:
    """Stalled referrals through a contact who had heard a vague story by their due day."""
    first_heard: dict[str, date] = {}  # by contact: heard by a due day iff heard first by it
    for t in told:
        if t.kind == "vague":
            contact, day = t.story.data.contact_id, ctx.day(t.story)
            first_heard[contact] = min(day, first_heard.get(contact, day))
    return [r for r in stalled if first_heard.get(r.contact_id, date.max) <= r.due_on]


def _evidence(
    ctx: RuleContext,
    record: ev.EmploymentEnded | None,
    told: list[Told],
    stalled: list[Referral],
    after_vague: list[Referral],
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
                "contact_id": t.story.data.contact_id,
                "story": t.story.data.story.value,
                "verdict": t.kind,
                "record_then": t.circumstance.value if t.circumstance else None,
                "record_event_id": str(t.record.event_id) if t.record else None,
                "on": ctx.day(t.story).isoformat(),
                "event_id": str(t.story.event_id),
            }
            for t in told
        ],
        # Every dead end (to HR or a recruiter, or never made), and those the story explains.
        "stalled_gatekeeper_referrals": [r.as_dict() for r in stalled],
        "stalled_after_vague_story": [r.as_dict() for r in after_vague],
        "negative_feedback": [str(f.event_id) for f in feedback],
    }


def _status(
    record: Circumstance | None, kinds: list[str], after_vague: list[Referral], feedback: int
) -> tuple[Status, str]:
    if "contradicts" in kinds:
        told = kinds.count("contradicts")
        verb = "contradicts" if told == 1 else "contradict"
        return Status.PROBLEM, (
            f"{n_of(told, 'story', 'stories')} you told {verb} the record of the time."
        )
    if after_vague:
        return Status.PROBLEM, (
            f"{n_of(len(after_vague), 'referral')} stalled through contacts who heard "
            f"a vague reason for leaving."
        )
    if "vague" in kinds or feedback:
        return Status.AT_RISK, (
            "Your reason for leaving is vague or drew negative feedback, "
            "though no referral has stalled through those who heard it yet."
        )
    if "honest" not in kinds:
        return Status.INSUFFICIENT_DATA, "There is no departure record and story to compare."
    return Status.OK, f"Every story you told matched the record of the time ({record})."


def _advice(
    ctx: RuleContext,
    status: Status,
    record: Circumstance | None,
    told: list[Told],
    stalled: list[Referral],
    feedback: int,
) -> str:
    plain = f'"{_SAY[record]}"' if record else "what actually happened"
    if status is Status.INSUFFICIENT_DATA:
        return _missing(record, told)
    if status is Status.OK:
        return f"Your story matches your record: keep saying {plain}, plainly."
    said = "; ".join(_told_text(ctx, t) for t in told if t.kind in ("contradicts", "vague"))
    text = f"{said[:1].upper()}{said[1:]}. " if said else ""
    if feedback:
        text += f"{n_of(feedback, 'contact')} gave negative feedback on your departure story. "
    if stalled:
        stall = "; ".join(_stall_text(ctx, r) for r in stalled)
        text += (
            f"Referrals through contacts who heard the vague story went nowhere in "
            f"{ctx.thresholds.referral_stall_days} days: {stall}. "
        )
    return text + (
        f"Say {plain}: contacts who sense a fib pass your resume to HR and do "
        f"nothing. Don't get creative, just be real."
    )


def _told_text(ctx: RuleContext, t: Told) -> str:
    text = f"on {short(ctx.day(t.story))} you told {ctx.name_of(t.story.data.contact_id)} "
    text += _TOLD[t.story.data.story]
    if t.kind == "contradicts" and t.circumstance:
        text += f", while your record then said {_RECORD[t.circumstance]}"
    return text


def _stall_text(ctx: RuleContext, r: Referral) -> str:
    how = (
        f"asked {short(r.made_on)}, never made"
        if r.never_made
        else (f"{r.referred_to}, {short(r.made_on)}")
    )
    return f"{r.company} via {ctx.name_of(r.contact_id)} ({how})"


def _missing(record: Circumstance | None, told: list[Told]) -> str:
    if record is None:
        missing = "an employment.ended event (how your last job ended)"
    else:
        missing = "an employment.ended event in force when you told your story"
    if not told:
        missing += " and departure.explained events (what you told each contact)"
    return f"Record {missing} to check your story against your record."
