"""Fold, restrict, summarize and diagnose are total over contract-valid input: whatever a
partner may send within the contract (all 16 types, any time zone, dates at the bounds,
any unicode text, any enum value) and whatever ``as_of`` / ``known_at`` within the
bounds an auditor asks, none of them raises. A raise here would be a poison event."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach_contract.v1 import EVENT_ADAPTER, EVENT_TYPES, RecordedEvent, bounds
from outreach_contract.v1 import enums as e
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.spelling import default_checker
from outreach_domain import CandidateState, apply, apply_all, empty_state, restrict
from outreach_domain.summary import summarize

ZONES = sorted(available_timezones())
LIMITS = bounds.TimeBounds()
FLOOR = LIMITS.earliest_moment
TODAY = datetime.now(UTC).date()
CEILING = datetime.now(UTC) + bounds.MAX_FUTURE - timedelta(minutes=5)  # slack for the run
SPELLING = default_checker()

Draw = Callable[[st.SearchStrategy[Any]], Any]

# Offsets as RFC 3339 writes them: up to ±23:59, odd minutes included.
offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
zones: st.SearchStrategy[tzinfo] = st.one_of(
    st.just(UTC), offsets, st.sampled_from(ZONES).map(ZoneInfo)
)
printable = st.text(min_size=1, max_size=24).filter(str.isprintable)
names = printable.filter(lambda text: bool(text.strip()))
contacts = st.one_of(st.sampled_from(["pat", "sam", "lee"]), printable.map(lambda t: t[:128]))
short_texts = st.one_of(st.none(), st.text(max_size=200))
countries = st.one_of(
    st.sampled_from(["US", "GB", "DE", "FR", "JP", "BR", "IN", "AU", "NZ", "ZA", "XX", "AQ"]),
    st.from_regex(r"[A-Z]{2}", fullmatch=True),
)


def _enum(kind: type[StrEnum]) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in kind])


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def moments(draw: Draw, low: datetime = FLOOR, high: datetime = CEILING) -> datetime:
    """An aware moment within [low, high], near either end as often as anywhere."""
    edge = st.sampled_from([timedelta(0), timedelta(seconds=1), timedelta(hours=13)])
    instant: datetime = draw(
        st.one_of(
            edge.map(lambda d: low + d),
            edge.map(lambda d: high - d),
            st.datetimes(low.replace(tzinfo=None), high.replace(tzinfo=None)).map(
                lambda naive: naive.replace(tzinfo=UTC)
            ),
        )
    )
    return instant.astimezone(draw(zones))


DATA: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "candidate.registered": st.fixed_dictionaries(
        {"country": countries},
        optional={
            "timezone": _optional(st.sampled_from(ZONES)),
            "target_roles": st.lists(names, max_size=3),
        },
    ),
    "contact.added": st.fixed_dictionaries(
        {"contact_id": contacts, "company": names},
        optional={
            "name": _optional(names),
            "title": _optional(names),
            "seniority": _optional(_enum(e.Seniority)),
            "relationship": _optional(_enum(e.Relationship)),
            "is_hiring_manager": st.booleans(),
            "can_reach_hiring_manager": _optional(st.booleans()),
        },
    ),
    "outreach.sent": st.fixed_dictionaries({"contact_id": contacts, "channel": _enum(e.Channel)}),
    "contact.replied": st.fixed_dictionaries(
        {"contact_id": contacts}, optional={"willingness": _optional(_enum(e.Willingness))}
    ),
    "meeting.held": st.fixed_dictionaries(
        {"contact_id": contacts},
        optional={
            "format": _optional(_enum(e.MeetingFormat)),
            "minutes": _optional(st.integers(1, 24 * 60)),
        },
    ),
    "referral.requested": st.fixed_dictionaries(
        {"contact_id": contacts, "company": names}, optional={"role": _optional(names)}
    ),
    "referral.made": st.fixed_dictionaries(
        {"contact_id": contacts, "company": names, "referred_to": _enum(e.ReferredTo)}
    ),
    "lead.created": st.fixed_dictionaries(
        {"company": names},
        optional={
            "role": _optional(names),
            "quality": _enum(e.LeadQuality),
            "source_contact_id": _optional(contacts),
        },
    ),
    "interview.scheduled": st.fixed_dictionaries(
        {"company": names},
        optional={"role": _optional(names), "with_hiring_manager": st.booleans()},
    ),
    "employment.ended": st.fixed_dictionaries({"circumstance": _enum(e.Circumstance)}),
    "departure.explained": st.fixed_dictionaries({"contact_id": contacts, "story": _enum(e.Story)}),
    "impression.noted": st.fixed_dictionaries(
        {"contact_id": contacts, "valence": _enum(e.Valence)},
        optional={"context": short_texts},
    ),
    "presentation.submitted": st.fixed_dictionaries(
        {
            "asset": _enum(e.Asset),
            "text": st.one_of(
                st.text(max_size=300),
                st.lists(
                    st.sampled_from(["Recieved", "teh", "I", "has", "managment", "—", "\n"])
                ).map(" ".join),
            ),
        }
    ),
    "feedback.received": st.fixed_dictionaries(
        {"aspect": _enum(e.Aspect), "sentiment": _enum(e.Valence)},
        optional={"contact_id": _optional(contacts), "note": short_texts},
    ),
    "help.promised": st.fixed_dictionaries(
        {"contact_id": contacts}, optional={"action": short_texts}
    ),
    "help.delivered": st.fixed_dictionaries(
        {"contact_id": contacts}, optional={"action": short_texts}
    ),
}


@st.composite
def recorded_events(draw: Draw, candidate_id: str) -> RecordedEvent:
    type_ = draw(st.sampled_from(EVENT_TYPES))
    occurred = draw(moments())
    envelope = {
        "event_id": str(draw(st.uuids())),
        "type": type_,
        "candidate_id": candidate_id,
        "occurred_at": occurred.isoformat(),
        "data": draw(DATA[type_]),
    }
    return RecordedEvent(
        partner="acme",
        received_at=draw(moments(low=occurred.astimezone(UTC))),
        position=draw(st.integers(1, 2**40)),
        event=EVENT_ADAPTER.validate_python(envelope),  # contract-valid by construction
    )


@st.composite
def histories(draw: Draw) -> tuple[CandidateState, list[RecordedEvent]]:
    candidate_id = draw(printable.map(lambda t: t[:128]))
    events = draw(st.lists(recorded_events(candidate_id), min_size=1, max_size=25))
    return empty_state("acme", candidate_id), events


as_of_days = st.one_of(
    st.sampled_from([LIMITS.earliest, TODAY, TODAY + bounds.MAX_AS_OF_AHEAD]),
    st.dates(LIMITS.earliest, TODAY + bounds.MAX_AS_OF_AHEAD),
)
known_at_moments = st.one_of(st.none(), moments())
TOTAL = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_every_type_has_a_strategy() -> None:
    assert set(DATA) == set(EVENT_TYPES)


@TOTAL
@given(histories())
def test_the_fold_never_raises_and_one_by_one_equals_all_at_once(
    history: tuple[CandidateState, list[RecordedEvent]],
) -> None:
    empty, events = history
    state = apply_all(empty, events)
    one_by_one = empty
    for item in events:
        one_by_one = apply(one_by_one, item)
    assert one_by_one == state
    assert CandidateState.model_validate_json(state.model_dump_json()) == state
    summarize(state)


@TOTAL
@given(histories(), as_of_days, known_at_moments)
def test_restrict_and_diagnose_never_raise_within_the_bounds(
    history: tuple[CandidateState, list[RecordedEvent]], as_of: date, known_at: datetime | None
) -> None:
    empty, events = history
    state = apply_all(empty, events)
    seen = restrict(state, as_of, known_at)
    assert set(seen.event_ids) <= set(state.event_ids)
    summarize(seen)
    diagnosis = diagnose(state, as_of, spelling=SPELLING, known_at=known_at)
    assert len(diagnosis.reasons) == 7
    assert all(0 <= verdict.score <= 1 for verdict in diagnosis.reasons)
