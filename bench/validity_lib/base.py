"""The healthy background every candidate starts from, before a cause is planted.

A healthy candidate reaches 15+ distinct new contacts a week across many companies
(the seed's number), gets mostly willing replies, meets some of them, is referred to
hiring managers who interview, tells the truth about leaving, has a clean resume, and
receives the help promised. Plants turn parts of it off (``BaseSpec``) or add to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.validity_lib.events import Builder
from bench.validity_lib.texts import LINKEDIN_CLEAN, clean_resume

COMPANIES = tuple(
    f"{stem} {suffix}"
    for stem in ("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
                 "Tyrell", "Cyberdyne", "Soylent", "Wonka", "Oscorp", "Gringotts", "Monarch")
    for suffix in ("Labs", "Group", "Systems", "Partners")
)  # fmt: skip
# Plants use their own employers, so that no base interview un-stalls a planted referral.
PLANT_COMPANIES = tuple(f"Northwind {n}" for n in range(1, 41))

HONEST_STORIES = (
    ("laid_off", "laid_off"),
    ("resigned", "growth"),
    ("resigned", "relocation"),
    ("still_employed", "growth"),
    ("still_employed", "compensation"),
)
REMOTE = ("linkedin", "email", "phone")
SENIORITY = ("junior", "mid", "senior", "senior", "executive")
RELATIONSHIP = ("former_colleague", "friend", "alumni", "acquaintance", "recruiter", "cold")


@dataclass
class BaseSpec:
    """What the healthy background emits; a plant changes a field before it is built."""

    country: str = "US"
    weekly: tuple[int, int] = (16, 22)
    companies: int = 14
    same_pool: bool = False
    leads_per_week: tuple[int, int] = (3, 4)
    meetings_per_week: int = 2
    channels: tuple[str, ...] = ("linkedin", "email", "linkedin", "phone", "coffee")
    meeting_formats: tuple[str, ...] = ("coffee", "call", "video")
    referrals: bool = True
    employment: bool = True
    presentation: bool = True
    help: bool = True
    hiring_managers: float = 0.1  # share of contacts who are hiring managers themselves
    seniority: tuple[str, ...] = SENIORITY
    # Explicit outreach days (one new contact each) instead of the weekly counts.
    schedule: list[date] | None = None
    # Days from registration to as_of; the default covers the four trailing weeks and more.
    registered_days: int = 40


@dataclass
class BaseResult:
    registered: date
    reached: list[str] = field(default_factory=list)
    willing: list[str] = field(default_factory=list)


def outreach_days(as_of: date, weeks: int = 4) -> list[list[date]]:
    """Tuesday to Saturday of each of the ``weeks`` full weeks before the week of
    ``as_of``, then of the week of ``as_of`` up to it. Mondays are skipped so that the
    first week never touches Labor Day (a Monday, the last day of the summer season)."""
    monday = as_of - timedelta(days=as_of.weekday())
    result = []
    for back in range(weeks, -1, -1):
        start = monday - timedelta(weeks=back)
        days = [start + timedelta(days=d) for d in range(1, 6)]
        result.append([d for d in days if d <= as_of])
    return result


def build_base(b: Builder, spec: BaseSpec) -> BaseResult:
    registered = b.day(-spec.registered_days)
    tz = str(b.tz)
    b.emit(
        "candidate.registered",
        registered,
        {"country": spec.country, "timezone": tz, "target_roles": ["Project Manager"]},
    )
    result = BaseResult(registered)
    companies = b.rng.sample(COMPANIES, spec.companies)
    for days, slots in _schedule(b, spec):
        week = _reach_week(b, spec, result, slots, companies)
        _leads(b, spec, week, days)
        _meetings(b, spec, result, days)
    if spec.referrals:
        _healthy_referrals(b, result)
    if spec.employment:
        _honest_story(b, result)
    _impressions(b, result)
    if spec.presentation:
        _presentation(b, spec, result)
    if spec.help:
        _help(b, result)
    return result


def _schedule(b: Builder, spec: BaseSpec) -> list[tuple[list[date], list[date]]]:
    """Per week: its outreach days, and one day per new contact reached that week."""
    if spec.schedule is not None:
        weeks: dict[date, list[date]] = {}
        for day in sorted(spec.schedule):
            weeks.setdefault(day - timedelta(days=day.weekday()), []).append(day)
        return [(sorted(set(slots)), slots) for slots in weeks.values()]
    plan = []
    for days in outreach_days(b.as_of):
        if days:
            count = b.rng.randint(*spec.weekly) * len(days) // 5
            plan.append((days, sorted(b.rng.choice(days) for _ in range(count))))
    return plan


def _reach_week(
    b: Builder, spec: BaseSpec, result: BaseResult, days: list[date], companies: list[str]
) -> list[str]:
    if spec.same_pool and result.reached:
        # The same people again: distinct contacts this week, but no new reach.
        pool = result.reached[: len(days)]
        for contact_id, day in zip(pool, days, strict=False):
            b.reach(contact_id, day, b.rng.choice(spec.channels))
        return pool
    week = []
    for day in days:
        added = result.registered if b.rng.random() < 0.5 else day
        contact_id = b.add_contact(
            added,
            b.rng.choice(companies),
            seniority=b.rng.choice(spec.seniority),
            relationship=b.rng.choice(RELATIONSHIP),
            is_hiring_manager=b.rng.random() < spec.hiring_managers,
        )
        b.reach(contact_id, day, b.rng.choice(spec.channels))
        _maybe_reply(b, result, contact_id, day)
        week.append(contact_id)
    result.reached.extend(week)
    return week


def _maybe_reply(b: Builder, result: BaseResult, contact_id: str, day: date) -> None:
    when = day + timedelta(days=b.rng.randint(1, 3))
    if when > b.as_of or b.rng.random() > 0.55:
        return
    willingness = b.rng.choice(("eager", "willing", "willing", "eager", "neutral"))
    b.reply(contact_id, when, willingness)
    if willingness != "neutral":
        result.willing.append(contact_id)


def _leads(b: Builder, spec: BaseSpec, week: list[str], days: list[date]) -> None:
    if not week:
        return
    count = b.rng.randint(*spec.leads_per_week) * len(days) // 5
    for _ in range(count):
        source = b.rng.choice(week)
        data = {
            "company": b.contacts[source].company,
            "role": "Project Manager",
            "quality": "solid",
            "source_contact_id": source,
        }
        b.emit("lead.created", b.rng.choice(days), data)


def _meetings(b: Builder, spec: BaseSpec, result: BaseResult, days: list[date]) -> None:
    if not result.willing:
        return
    for _ in range(spec.meetings_per_week * len(days) // 5):
        contact_id = b.rng.choice(result.willing)
        reached = b.contacts[contact_id].first_reached or b.as_of
        later = [day for day in days if day > reached]
        if later:
            b.meet(
                contact_id,
                b.rng.choice(later),
                b.rng.choice(spec.meeting_formats),
                b.rng.choice((30, 45)),
            )


def _healthy_referrals(b: Builder, result: BaseResult) -> None:
    """Referrals to hiring managers that led to an interview, and one still young."""
    for offset, interview in ((-28, True), (-21, True), (-14, True), (-3, False)):
        day = b.day(offset)
        early = reached_before(b, result.willing, day - timedelta(days=3))
        if early:
            after = b.rng.randint(4, 9) if interview else None
            b.refer(b.rng.choice(early), day, "hiring_manager", interview_after=after)


def reached_before(b: Builder, contacts: list[str], day: date) -> list[str]:
    return [c for c in contacts if (b.contacts[c].first_reached or b.as_of) <= day]


def _honest_story(b: Builder, result: BaseResult) -> None:
    circumstance, story = b.rng.choice(HONEST_STORIES)
    b.emit(
        "employment.ended",
        result.registered - timedelta(days=b.rng.randint(20, 90)),
        {"circumstance": circumstance},
    )
    tell_stories(b, result.reached[:3], story)


def tell_stories(b: Builder, contacts: list[str], story: str) -> None:
    for contact_id in contacts:
        day = b.contacts[contact_id].first_reached or b.as_of
        b.emit("departure.explained", day, {"contact_id": contact_id, "story": story})


def _impressions(b: Builder, result: BaseResult) -> None:
    for contact_id in result.reached[3:5]:
        day = b.contacts[contact_id].first_reached or b.as_of
        valence = b.rng.choice(("positive", "neutral"))
        b.emit(
            "impression.noted",
            day,
            {"contact_id": contact_id, "valence": valence, "context": "former colleague"},
        )


def _presentation(b: Builder, spec: BaseSpec, result: BaseResult) -> None:
    day = result.registered
    b.emit("presentation.submitted", day, {"asset": "resume", "text": clean_resume(spec.country)})
    b.emit("presentation.submitted", day, {"asset": "linkedin", "text": LINKEDIN_CLEAN})
    if result.willing:
        data = {"aspect": "content", "sentiment": "positive", "contact_id": result.willing[0]}
        b.emit("feedback.received", b.day(-10), data)


def _help(b: Builder, result: BaseResult) -> None:
    for contact_id in result.willing[:2]:
        promised = b.day(-b.rng.randint(12, 25))
        b.emit("help.promised", promised, {"contact_id": contact_id, "action": "an introduction"})
        delivered = promised + timedelta(days=b.rng.randint(2, 7))
        b.emit("help.delivered", delivered, {"contact_id": contact_id, "action": "an introduction"})
