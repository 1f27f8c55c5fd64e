"""``restrict`` cuts by binary search with a day's margin, and skips the cut when nothing
can fall after ``as_of``; it must keep exactly the facts the plain filter over every fact
keeps (the rule as ADR 0001 states it, kept here as the reference). The dense histories
crowd events and registrations in zones far from UTC (+14, -12, a skipped day, midnight
transitions) around the day cut, where a wrong margin would show."""

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent
from outreach_contract.v1 import events as ev
from outreach_domain import CandidateState, apply_all, empty_state, restrict
from outreach_domain.fold import _with_facts
from tests.unit.domain.test_fold_total import as_of_days, histories, known_at_moments

Draw = Callable[[st.SearchStrategy[Any]], Any]
FAR_ZONES = [
    "Pacific/Kiritimati",  # UTC+14
    "Etc/GMT+12",  # UTC-12
    "Pacific/Apia",  # skipped 30 December 2011
    "America/Sao_Paulo",  # DST changed at midnight
    "Australia/Lord_Howe",  # half-hour DST
    "Asia/Kathmandu",
    "UTC",
]
CENTRE = datetime(2011, 12, 30, 12, tzinfo=UTC)
EXAMPLES = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def linear_restrict(
    state: CandidateState, as_of: date, known_at: datetime | None = None
) -> CandidateState:
    """The restrict before the binary search: a local day computed for every fact."""
    known = tuple(f for f in state.facts if known_at is None or f.received_at <= known_at)
    view = _with_facts(state, known)
    registered_by_then = tuple(
        fact
        for fact in known
        if not isinstance(fact.event, ev.CandidateRegistered)
        or view.local_date(fact.event.occurred_at) <= as_of
    )
    view = _with_facts(state, registered_by_then)
    kept = tuple(f for f in registered_by_then if view.local_date(f.event.occurred_at) <= as_of)
    if len(kept) == len(state.facts):
        return state
    return _with_facts(state, kept)


@st.composite
def dense_event(draw: Draw) -> RecordedEvent:
    occurred = CENTRE + timedelta(minutes=draw(st.integers(-4 * 24 * 60, 4 * 24 * 60)))
    if draw(st.booleans()):
        type_, data = "candidate.registered", {"country": "US"}
        zone = draw(st.one_of(st.none(), st.sampled_from(FAR_ZONES)))
        if zone is not None:
            data["timezone"] = zone
    else:
        type_, data = "outreach.sent", {"contact_id": "pat", "channel": "email"}
    envelope = {
        "event_id": str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))),
        "type": type_,
        "candidate_id": "cand",
        "occurred_at": occurred.isoformat(),
        "data": data,
    }
    received = occurred + timedelta(hours=draw(st.integers(0, 72)))
    return RecordedEvent(
        partner="acme",
        received_at=received,
        position=1,
        event=EVENT_ADAPTER.validate_python(envelope),
    )


dense_days = st.integers(-6, 6).map(lambda n: CENTRE.date() + timedelta(days=n))
dense_known = st.one_of(
    st.none(), st.integers(-5 * 24, 8 * 24).map(lambda h: CENTRE + timedelta(hours=h))
)


@EXAMPLES
@given(st.lists(dense_event(), max_size=30), dense_days, dense_known)
def test_the_fast_restrict_keeps_what_the_plain_filter_keeps_around_the_cut(
    events: list[RecordedEvent], as_of: date, known_at: datetime | None
) -> None:
    state = apply_all(empty_state("acme", "cand"), events)
    fast, plain = restrict(state, as_of, known_at), linear_restrict(state, as_of, known_at)
    assert fast.facts == plain.facts
    assert (fast is state) == (plain is state)


@EXAMPLES
@given(st.lists(dense_event(), max_size=30), dense_days, dense_known)
def test_a_cut_reads_every_local_day_a_fresh_state_of_its_facts_reads(
    events: list[RecordedEvent], as_of: date, known_at: datetime | None
) -> None:
    # A cut with the same zones shares the state's memo of local days (after the state
    # has filled it): each must be the day its own facts give.
    state = apply_all(empty_state("acme", "cand"), events)
    for fact in state.facts:
        state.local_date(fact.event.occurred_at)
    cut = restrict(state, as_of, known_at)
    fresh = _with_facts(state, cut.facts)
    for fact in cut.facts:
        moment = fact.event.occurred_at
        assert cut.local_date(moment) == fresh.local_date(moment)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), as_of_days, known_at_moments)
def test_the_fast_restrict_keeps_what_the_plain_filter_keeps_anywhere_in_the_bounds(
    history: tuple[CandidateState, list[RecordedEvent]], as_of: date, known_at: datetime | None
) -> None:
    empty, events = history
    state = apply_all(empty, events)
    assert restrict(state, as_of, known_at).facts == linear_restrict(state, as_of, known_at).facts


def test_nothing_to_cut_returns_the_state_itself_with_its_cached_views() -> None:
    events = [
        RecordedEvent(
            partner="acme",
            received_at=CENTRE,
            position=1,
            event=EVENT_ADAPTER.validate_python(
                {
                    "event_id": str(uuid.uuid4()),
                    "type": "outreach.sent",
                    "candidate_id": "cand",
                    "occurred_at": (CENTRE - timedelta(days=n)).isoformat(),
                    "data": {"contact_id": "pat", "channel": "email"},
                }
            ),
        )
        for n in range(5)
    ]
    state = apply_all(empty_state("acme", "cand"), events)
    assert restrict(state, date(2026, 1, 1)) is state
    assert restrict(state, date(9999, 12, 31)) is state
    assert restrict(state, date(1, 1, 1)).facts == ()
