"""Planted causes: each reason at several intensities, with the truth a coach would give.

The truth comes from the seed text and docs/contract.md section 3 only. Where they are silent
the decision is written beside the plant (as a demanding career coach would take it):

- 1 ``too_few_contacts``: the seed's 15 contacts a week over the trailing 4 full weeks.
  Below it is flagged (the contract: a problem; 12-14 a week may be ``at_risk``, so only the
  flag is asserted there). Reaching 15+ a week at only two employers, or the same pool
  every week, is not "prospective employers reached": flagged, status not asserted.
- 2 ``departure_story``: a story that contradicts the record, or a vague one while the
  referrals of those who heard it stall (21 days), is a problem; a vague story with
  negative feedback on it but nothing stalled yet is at risk. Telling the truth ("fired")
  is ok even when one HR referral stalls; a "growth" story told while still employed,
  before a firing that is then told plainly, is honest.
- 4 ``prior_impression``: stalled referrals mostly through negatively impressed contacts
  is a problem; half of them is at risk; a negative impression that never touched a
  referral, or whose referral led to an interview, is ok.
- 5 ``contact_lacks_leverage``: meetings and referrals older than the stall window that
  pile up (7+) without anyone with hiring authority is a problem; three such efforts are
  at risk; one recent hiring-manager referral with an interview is ok; meetings younger
  than the stall window are not failures yet. A hiring-manager referral months ago does
  not clear today's pile-up (flagged, status not asserted).
- 6 ``presentation``: several spelling and grammar findings are a problem; one
  misspelling, or two contacts' negative remarks, are flagged (status not asserted); one
  contact's negative remark on dress is at risk; correct British spelling, acronyms,
  degree abbreviations and positive remarks are ok.
- 7 ``unwilling_contact``: most meeting time with reluctant contacts plus broken promises
  is a problem; about 30 % of it plus one broken promise is at risk; one decline among
  eager replies with no time spent, or a promise not yet 14 days old, is ok.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bench.validity_lib.base import (
    PLANT_COMPANIES,
    BaseResult,
    BaseSpec,
    outreach_days,
    tell_stories,
)
from bench.validity_lib.events import Builder
from bench.validity_lib.score import CLEAN, FLAG, Truth
from bench.validity_lib.texts import with_mistakes

LOW_SENIORITY = ("junior", "mid")


@dataclass(frozen=True)
class Plant:
    reason: str
    name: str
    truth: Truth
    tweak: Callable[[BaseSpec], None] | None = None
    apply: Callable[[Builder, BaseResult, frozenset[str]], None] | None = None


def early_day(b: Builder) -> date:
    """The first outreach day of the trailing weeks (a Tuesday, after Labor Day)."""
    return outreach_days(b.as_of)[0][0]


def fresh(b: Builder, day: date, channel: str = "linkedin", **fields: object) -> str:
    """A new contact at an employer of its own, reached on ``day``."""
    used = {c.company for c in b.contacts.values()}
    company = next(c for c in PLANT_COMPANIES if c not in used)
    contact_id = b.add_contact(day, company, **fields)
    b.reach(contact_id, day, channel)
    return contact_id


def _set(**changes: object) -> Callable[[BaseSpec], None]:
    def tweak(spec: BaseSpec) -> None:
        for key, value in changes.items():
            setattr(spec, key, value)

    return tweak


# --- 1 too_few_contacts ------------------------------------------------------------------
R1 = "too_few_contacts"
REASON_1 = (
    Plant(R1, "r1_clear", Truth(True, "problem"), _set(weekly=(3, 7), leads_per_week=(0, 1))),
    Plant(R1, "r1_borderline", FLAG, _set(weekly=(12, 14), leads_per_week=(2, 2))),
    Plant(R1, "r1_two_employers", FLAG, _set(weekly=(16, 20), companies=2)),
    Plant(R1, "r1_same_pool", FLAG, _set(weekly=(16, 18), same_pool=True, leads_per_week=(0, 1))),
    Plant(R1, "r1_near_miss", CLEAN, _set(weekly=(15, 17), companies=12, leads_per_week=(3, 3))),
)


# --- 2 departure_story ---------------------------------------------------------------------
R2 = "departure_story"


def _ended(b: Builder, circumstance: str, day: date) -> None:
    b.emit("employment.ended", day, {"circumstance": circumstance})


def _story_with_stalls(circumstance: str, story: str, stalls: int) -> Callable[..., None]:
    def apply(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
        _ended(b, circumstance, base.registered - timedelta(days=40))
        start = early_day(b)
        heard = [fresh(b, start + timedelta(days=i % 4)) for i in range(3)]
        tell_stories(b, heard, story)
        for i, contact_id in enumerate(heard[:stalls]):
            b.refer(contact_id, start + timedelta(days=3 + i), "hr", interview_after=None)

    return apply


def _contradiction(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    circumstance = b.rng.choice(("fired", "resigned_on_bad_terms"))
    _ended(b, circumstance, base.registered - timedelta(days=60))
    tell_stories(b, base.reached[:3], b.rng.choice(("growth", "relocation", "compensation")))


def _vague_feedback(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    _ended(b, "laid_off", base.registered - timedelta(days=30))
    tell_stories(b, base.reached[:2], "vague")
    note = "the reason for leaving sounded evasive"
    data = {
        "aspect": "departure_story",
        "sentiment": "negative",
        "contact_id": base.reached[0],
        "note": note,
    }
    b.emit("feedback.received", b.day(-6), data)


def _honest_fired(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    _ended(b, "fired", base.registered - timedelta(days=50))
    start = early_day(b)
    heard = [fresh(b, start + timedelta(days=i)) for i in range(3)]
    tell_stories(b, heard, "fired")
    b.refer(heard[0], start + timedelta(days=3), "hr", interview_after=None)
    for contact_id in heard[1:]:
        b.refer(contact_id, start + timedelta(days=5), "hiring_manager", interview_after=6)


def _story_timeline(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    _ended(b, "still_employed", base.registered - timedelta(days=30))
    start = early_day(b)
    before = [fresh(b, start + timedelta(days=i)) for i in range(2)]
    tell_stories(b, before, "growth")
    _ended(b, "fired", start + timedelta(days=7))
    after = [fresh(b, start + timedelta(days=9 + i)) for i in range(2)]
    tell_stories(b, after, "fired")


NO_EMPLOYMENT = _set(employment=False)
REASON_2 = (
    Plant(R2, "r2_clear", Truth(True, "problem"), NO_EMPLOYMENT,
          _story_with_stalls("fired", "growth", stalls=2)),
    Plant(R2, "r2_contradiction", Truth(True, "problem"), NO_EMPLOYMENT, _contradiction),
    Plant(R2, "r2_vague_stall", Truth(True, "problem"), NO_EMPLOYMENT,
          _story_with_stalls("laid_off", "vague", stalls=2)),
    Plant(R2, "r2_borderline", Truth(True, "at_risk"), NO_EMPLOYMENT, _vague_feedback),
    Plant(R2, "r2_near_honest_fired", CLEAN, NO_EMPLOYMENT, _honest_fired),
    Plant(R2, "r2_near_story_timeline", CLEAN, NO_EMPLOYMENT, _story_timeline),
)  # fmt: skip


# --- 4 prior_impression --------------------------------------------------------------------
R4 = "prior_impression"
COLLEGE = "met at a spring-break party in college"


def _impression(b: Builder, contact_id: str, valence: str) -> None:
    day = b.contacts[contact_id].first_reached or b.as_of
    data = {"contact_id": contact_id, "valence": valence, "context": COLLEGE}
    b.emit("impression.noted", day, data)


def _negative_stalls(negative: int, neutral: int) -> Callable[..., None]:
    def apply(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
        # Beside a leverage plant the referrals go to HR, which keeps both causes visible.
        to = "hr" if "contact_lacks_leverage" in others else "hiring_manager"
        start = early_day(b)
        for i, valence in enumerate(["negative"] * negative + ["neutral"] * neutral):
            contact_id = fresh(b, start + timedelta(days=i % 3))
            _impression(b, contact_id, valence)
            b.refer(contact_id, start + timedelta(days=3 + i % 3), to, interview_after=None)

    return apply


def _harmless_negative(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    start = early_day(b)
    contact_id = fresh(b, start)
    _impression(b, contact_id, "negative")
    if b.rng.random() < 0.5:
        b.refer(contact_id, start + timedelta(days=4), "hiring_manager", interview_after=7)


REASON_4 = (
    Plant(R4, "r4_clear", Truth(True, "problem"), None, _negative_stalls(4, 0)),
    Plant(R4, "r4_borderline", Truth(True, "at_risk"), None, _negative_stalls(1, 1)),
    Plant(R4, "r4_near_miss", CLEAN, None, _harmless_negative),
)


# --- 5 contact_lacks_leverage --------------------------------------------------------------
R5 = "contact_lacks_leverage"
NO_AUTHORITY = {"referrals": False, "hiring_managers": 0.0, "seniority": LOW_SENIORITY}


def _pileup(meetings: int, referrals: int) -> Callable[..., None]:
    def apply(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
        start = early_day(b)
        for i in range(max(meetings, referrals)):
            contact_id = fresh(
                b, start + timedelta(days=i % 3), seniority="junior", can_reach_hiring_manager=False
            )
            if i < meetings:
                b.meet(contact_id, start + timedelta(days=2 + i % 3), "coffee", 45)
            if i < referrals:
                to = b.rng.choice(("hr", "recruiter"))
                b.refer(contact_id, start + timedelta(days=4 + i % 3), to, interview_after=None)

    return apply


def _old_hm(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    _pileup(4, 3)(b, base, others)
    long_ago = b.day(-100)
    contact_id = b.add_contact(long_ago, "Contoso Old", seniority="senior")
    b.reach(contact_id, long_ago, "email")
    b.refer(contact_id, long_ago + timedelta(days=3), "hiring_manager", interview_after=7)


def _recent_hm(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    _pileup(3, 2)(b, base, others)
    contact_id = fresh(b, b.day(-16), seniority="senior", can_reach_hiring_manager=True)
    b.refer(contact_id, b.day(-12), "hiring_manager", interview_after=6)


def _young_meetings(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    for i in range(4):
        contact_id = fresh(b, b.day(-12 + i), seniority="mid")
        b.meet(contact_id, b.day(-9 + i), "coffee", 45)


REASON_5 = (
    Plant(R5, "r5_clear", Truth(True, "problem"), _set(**NO_AUTHORITY), _pileup(4, 3)),
    Plant(R5, "r5_old_hm_referral", FLAG, _set(**NO_AUTHORITY), _old_hm),
    Plant(R5, "r5_borderline", Truth(True, "at_risk"),
          _set(meetings_per_week=0, **NO_AUTHORITY), _pileup(2, 1)),
    Plant(R5, "r5_near_recent_hm", CLEAN, _set(meetings_per_week=0, **NO_AUTHORITY), _recent_hm),
    Plant(R5, "r5_near_young_meetings", Truth(False),
          _set(meetings_per_week=0, **NO_AUTHORITY), _young_meetings),
)  # fmt: skip


# --- 6 presentation ------------------------------------------------------------------------
R6 = "presentation"


def _submit(b: Builder, base: BaseResult, text: str) -> None:
    b.emit("presentation.submitted", base.registered, {"asset": "resume", "text": text})


def _mistakes(misspellings: int, grammar: int) -> Callable[..., None]:
    def apply(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
        _submit(b, base, with_mistakes(b.rng, misspellings, grammar))

    return apply


def _remarks(aspects: tuple[str, ...], sentiment: str) -> Callable[..., None]:
    def apply(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
        for i, aspect in enumerate(aspects):
            data = {"aspect": aspect, "sentiment": sentiment, "contact_id": base.reached[i]}
            b.emit("feedback.received", b.day(-8 + i), data)

    return apply


def _near_presentation(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    _remarks(("photo",), "positive")(b, base, others)
    _remarks(("dress",), "neutral")(b, base, others)


REASON_6 = (
    Plant(R6, "r6_clear", Truth(True, "problem"), _set(presentation=False), _mistakes(5, 2)),
    Plant(R6, "r6_two_negative_remarks", FLAG, None, _remarks(("photo", "photo"), "negative")),
    Plant(R6, "r6_borderline", Truth(True, "at_risk"), None, _remarks(("dress",), "negative")),
    Plant(R6, "r6_one_typo", FLAG, _set(presentation=False), _mistakes(1, 0)),
    Plant(R6, "r6_near_miss", CLEAN, None, _near_presentation),
)


# --- 7 unwilling_contact -------------------------------------------------------------------
R7 = "unwilling_contact"


def _unwilling(contacts: int, meetings_each: int, broken: int) -> Callable[..., None]:
    def apply(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
        start = early_day(b)
        for i in range(contacts):
            contact_id = fresh(b, start + timedelta(days=i % 3))
            b.reply(contact_id, start + timedelta(days=2), "declined" if i == 3 else "reluctant")
            for m in range(meetings_each if i < 3 else 0):
                b.meet(contact_id, start + timedelta(days=4 + 7 * m), "video", 60)
            if i < broken:
                b.emit(
                    "help.promised",
                    start + timedelta(days=5),
                    {"contact_id": contact_id, "action": "pass on my resume"},
                )

    return apply


def _one_decline(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    contact_id = fresh(b, early_day(b) + timedelta(days=2))
    b.reply(contact_id, early_day(b) + timedelta(days=4), "declined")


def _young_promise(b: Builder, base: BaseResult, others: frozenset[str]) -> None:
    contact_id = fresh(b, b.day(-9))
    b.reply(contact_id, b.day(-7), "eager")
    b.emit("help.promised", b.day(-5), {"contact_id": contact_id, "action": "an introduction"})


REASON_7 = (
    Plant(R7, "r7_clear", Truth(True, "problem"), _set(meetings_per_week=1, help=False),
          _unwilling(4, 2, 2)),
    Plant(R7, "r7_borderline", Truth(True, "at_risk"), _set(help=False), _unwilling(2, 1, 1)),
    Plant(R7, "r7_near_one_decline", CLEAN, None, _one_decline),
    Plant(R7, "r7_near_young_promise", CLEAN, None, _young_promise),
)  # fmt: skip

BY_REASON = {
    R1: REASON_1,
    R2: REASON_2,
    R4: REASON_4,
    R5: REASON_5,
    R6: REASON_6,
    R7: REASON_7,
}


def clear_plant(reason: str) -> Plant:
    """The clear-problem plant of a reason (mixtures combine these)."""
    return BY_REASON[reason][0]
