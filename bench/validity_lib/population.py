"""The synthetic population: candidates with planted causes and their ground truth (pure).

``generate(count, seed)`` is deterministic: the same arguments give the same candidates,
events and event ids. Four slices, each diagnosed as of a fixed day:

- ``normal`` (as of 2026-10-08): every outreach after Labor Day and before any
  Thanksgiving (Canada's is 12 October), so reason 3 is ``ok`` everywhere;
- ``summer`` (2026-08-05): deep in the US summer low season (15 June to Labor Day);
- ``edge`` (2026-06-24): the season started nine days ago, so the share of the last four
  weeks' outreach in it is planted at 0.6 (at risk) or 0.3 (ok);
- ``winter`` (2025-12-17): three weeks after US Thanksgiving, a week before Christmas.

"Recent outreach" for reason 3 is taken as the last four weeks (the contract is silent; the
same span as reason 1's trailing weeks). Face-to-face networking in a low season is what
the seed recommends, so it is ``ok``. Outside the US a low season comes from the
country's own calendar: Australia in July and August, and Britain and India in early
December, are not low seasons; where the seed gives no basis (Britain, Germany, Canada,
India in August; Australia in December) reason 3 is undecided and not scored.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bench.validity_lib import plants as p
from bench.validity_lib.base import REMOTE, BaseSpec, build_base
from bench.validity_lib.events import Builder, Event
from bench.validity_lib.score import CLEAN, FLAG, REASONS, UNDECIDED, Truth
from bench.validity_lib.texts import with_mistakes

AS_OF = {
    "normal": date(2026, 10, 8),
    "summer": date(2026, 8, 5),
    "edge": date(2026, 6, 24),
    "winter": date(2025, 12, 17),
}
TIMEZONES = {
    "US": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    "GB": ("Europe/London",),
    "CA": ("America/Toronto", "America/Vancouver"),
    "AU": ("Australia/Sydney", "Australia/Perth"),
    "DE": ("Europe/Berlin",),
    "IN": ("Asia/Kolkata",),
}
COUNTRY_MIX = (("US", 50), ("GB", 12), ("CA", 10), ("AU", 10), ("DE", 8), ("IN", 10))
R3 = "wrong_season"
PROBLEM = Truth(True, "problem")
NOT_FLAGGED = Truth(False)
SpecTweak = Callable[[BaseSpec, date], None]


@dataclass(frozen=True)
class Candidate:
    candidate_id: str
    scenario: str
    slice: str
    country: str
    as_of: date
    events: tuple[Event, ...]
    truth: dict[str, Truth]
    duplicates: bool = False
    late: bool = False


@dataclass(frozen=True)
class Scenario:
    name: str
    slice: str
    weight: float
    plants: tuple[p.Plant, ...] = ()
    countries: tuple[str, ...] | None = None  # None: the normal mix of countries
    season: Callable[[str], Truth] = lambda country: CLEAN
    spec: SpecTweak | None = None
    mix: int = 0  # draw this many clear plants per candidate
    mix_with: tuple[p.Plant, ...] = ()
    newcomer: bool = False
    defaults: Truth = CLEAN


def _remote(spec: BaseSpec, as_of: date) -> None:
    spec.channels = REMOTE
    spec.meeting_formats = ("call", "video")


def _face_to_face(spec: BaseSpec, as_of: date) -> None:
    spec.channels = (
        "coffee",
        "coffee",
        "event",
        "coffee",
        "event",
        "coffee",
        "coffee",
        "coffee",
        "event",
        "linkedin",
    )
    spec.meeting_formats = ("coffee", "event")


def _edge_schedule(in_season: int) -> SpecTweak:
    """Three new contacts a day from 25 May, then ``in_season`` in all from 15 June."""

    def tweak(spec: BaseSpec, as_of: date) -> None:
        _remote(spec, as_of)
        season = date(as_of.year, 6, 15)
        days = [season - timedelta(days=d) for d in range(1, 22)]
        schedule = [day for day in days for _ in range(3)]
        span = (as_of - season).days + 1
        schedule += [season + timedelta(days=i % span) for i in range(in_season)]
        spec.schedule = schedule

    return tweak


def _newcomer(spec: BaseSpec, as_of: date) -> None:
    registered = as_of - timedelta(days=7)
    spec.registered_days = 7
    spec.referrals = spec.help = False
    days = [registered + timedelta(days=d) for d in range(8)]
    spec.schedule = [day for day in days if day.weekday() < 5 for _ in range(2)]


def _us_only(truth: Truth) -> Callable[[str], Truth]:
    return lambda country: truth if country == "US" else UNDECIDED


def _scenarios() -> tuple[Scenario, ...]:
    planted = [
        Scenario(plant.name, "normal", w, (plant,))
        for reason, weights in (
            ("too_few_contacts", (3, 2, 2, 2, 3)),
            ("departure_story", (2, 2, 2, 2, 2, 2)),
            ("prior_impression", (3, 3, 3)),
            ("contact_lacks_leverage", (2, 1, 3, 2, 2)),
            ("presentation", (2, 2, 2, 1, 3)),
            ("unwilling_contact", (3, 3, 2, 2)),
        )
        for plant, w in zip(p.BY_REASON[reason], weights, strict=True)
    ]
    clear = tuple(p.clear_plant(reason) for reason in p.BY_REASON)
    return (
        Scenario("healthy_heavy", "normal", 10, spec=_heavy),
        *planted,
        Scenario("mix2", "normal", 7, mix=2, mix_with=clear),
        Scenario("mix3", "normal", 5, mix=3, mix_with=clear),
        Scenario("newcomer", "normal", 3, season=_not_flagged, spec=_newcomer, newcomer=True,
                 defaults=NOT_FLAGGED),
        Scenario("newcomer_backdated", "normal", 2, season=_not_flagged, spec=_newcomer,
                 newcomer=True, defaults=NOT_FLAGGED),
        Scenario("r3_summer_remote", "summer", 2, countries=("US",), season=_us_only(PROBLEM),
                 spec=_remote),
        Scenario("r3_summer_face_to_face", "summer", 2, countries=("US",), spec=_face_to_face),
        Scenario("r3_summer_australia", "summer", 1, countries=("AU",), spec=_remote),
        Scenario("r3_summer_elsewhere", "summer", 1, countries=("GB", "DE", "CA", "IN"),
                 season=lambda country: UNDECIDED, spec=_remote),
        Scenario("r3_summer_mix", "summer", 2, countries=("US",), season=_us_only(PROBLEM),
                 spec=_remote, mix=1, mix_with=clear),
        Scenario("r3_edge_borderline", "edge", 1.5, countries=("US",),
                 season=_us_only(Truth(True, "at_risk")), spec=_edge_schedule(80)),
        Scenario("r3_edge_near_miss", "edge", 1.5, countries=("US",), spec=_edge_schedule(23)),
        Scenario("r3_winter_us", "winter", 1.5, countries=("US",), season=_us_only(FLAG),
                 spec=_remote),
        Scenario("r3_winter_elsewhere", "winter", 1.5, countries=("GB", "IN", "AU"),
                 season=_not_low_in_december, spec=_remote),
    )  # fmt: skip


def _heavy(spec: BaseSpec, as_of: date) -> None:
    spec.weekly, spec.companies, spec.leads_per_week = (18, 28), 16, (4, 5)


def _not_flagged(country: str) -> Truth:
    return NOT_FLAGGED


def _not_low_in_december(country: str) -> Truth:
    # Mid-December is before Britain's and India's year-end break; Australia's summer
    # holidays begin about now, which the seed cannot decide.
    return CLEAN if country in ("GB", "IN") else UNDECIDED


SCENARIOS = _scenarios()


def allocate(count: int, scenarios: tuple[Scenario, ...] = SCENARIOS) -> list[Scenario]:
    """``count`` scenarios in proportion to their weights (largest remainder), in order."""
    total = sum(s.weight for s in scenarios)
    exact = [count * s.weight / total for s in scenarios]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(scenarios)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: count - sum(counts)]:
        counts[i] += 1
    return [s for s, n in zip(scenarios, counts, strict=True) for _ in range(n)]


def generate(count: int, seed: int) -> list[Candidate]:
    order = allocate(count)
    random.Random(seed).shuffle(order)
    return [build(i, scenario, seed) for i, scenario in enumerate(order)]


def build(index: int, scenario: Scenario, seed: int) -> Candidate:
    rng = random.Random(f"validity-{seed}-{index}")
    country = _country(rng, scenario)
    as_of = AS_OF[scenario.slice]
    plants = scenario.plants
    if scenario.mix:
        plants += tuple(rng.sample(scenario.mix_with, scenario.mix))
    mixed = "+".join(sorted(q.name[:2] for q in plants))
    label = f"{scenario.name}:{mixed}" if scenario.mix else scenario.name
    candidate_id = f"val{seed}-{index:05d}-{label.replace(':', '-').replace('+', '-')}"
    b = Builder(candidate_id, as_of, ZoneInfo(rng.choice(TIMEZONES[country])), rng)
    spec = BaseSpec(country=country)
    if scenario.spec is not None:
        scenario.spec(spec, as_of)
    for plant in plants:
        if plant.tweak is not None:
            plant.tweak(spec)
    base = build_base(b, spec)
    others = frozenset(q.reason for q in plants)
    for plant in plants:
        if plant.apply is not None:
            plant.apply(b, base, others)
    if scenario.name == "newcomer_backdated":
        _backdated_history(b, base.registered)
    if rng.random() < 0.1:
        _after_as_of(b)
    truth = _truth(scenario, plants, country)
    return Candidate(
        candidate_id,
        label,
        scenario.slice,
        country,
        as_of,
        tuple(b.events),
        truth,
        duplicates=rng.random() < 0.15,
        late=rng.random() < 0.15,
    )


def _country(rng: random.Random, scenario: Scenario) -> str:
    if scenario.countries is not None:
        return rng.choice(scenario.countries)
    names = [name for name, _ in COUNTRY_MIX]
    return rng.choices(names, [weight for _, weight in COUNTRY_MIX])[0]


def _truth(scenario: Scenario, plants: tuple[p.Plant, ...], country: str) -> dict[str, Truth]:
    truth = dict.fromkeys(REASONS, scenario.defaults)
    if scenario.newcomer:
        # History starts at registration: no full week of it yet decides nothing.
        truth["too_few_contacts"] = Truth(False, "insufficient_data")
    truth[R3] = scenario.season(country)
    for plant in plants:
        truth[plant.reason] = plant.truth
    return truth


def _backdated_history(b: Builder, registered: date) -> None:
    """An imported contact list and an old job end, dated months before registration."""
    b.emit("employment.ended", registered - timedelta(days=120), {"circumstance": "laid_off"})
    for i in range(10):
        b.add_contact(registered - timedelta(days=60 + 3 * i), "Imported Contacts Inc")


def _after_as_of(b: Builder) -> None:
    """Bad news dated after as_of: a diagnosis as of that day must not see any of it."""
    for i in range(3):
        contact_id = p.fresh(b, b.day(1 + i))
        b.reply(contact_id, b.day(2 + i), "declined")
        b.meet(contact_id, b.day(3 + i), "video", 90)
        b.emit("impression.noted", b.day(2 + i), {"contact_id": contact_id, "valence": "negative"})
    text = with_mistakes(b.rng, 5, 2)
    b.emit("presentation.submitted", b.day(3), {"asset": "resume", "text": text})


def posting_plan(candidates: list[Candidate], seed: int) -> tuple[list[Event], list[Event]]:
    """Two passes. The first posts each candidate's events in order, except that a late
    candidate's arrive shuffled and a quarter of them (its registration among them, a
    quarter of the time) are held back; the second posts those late events and, for duplicate
    candidates, a fifth of their events again. Passes are batched apart, so no batch
    holds an event twice."""
    rng = random.Random(f"validity-plan-{seed}")
    first: list[Event] = []
    second: list[Event] = []
    for c in candidates:
        events = list(c.events)
        if c.late:
            rng.shuffle(events)
            held = len(events) // 4
            second += events[:held]
            events = events[held:]
        first += events
        if c.duplicates:
            second += rng.sample(events, len(events) // 5)
    rng.shuffle(second)
    return first, second


def with_names(candidates: list[Candidate], names: bool) -> list[Candidate]:
    """The same candidates without ``contact.added.name`` (for a server that refuses it)."""
    if names:
        return candidates
    return [replace(c, events=tuple(_strip_name(e) for e in c.events)) for c in candidates]


def _strip_name(event: Event) -> Event:
    if event["type"] != "contact.added" or "name" not in event["data"]:
        return event
    data = {k: v for k, v in event["data"].items() if k != "name"}
    return {**event, "data": data}
