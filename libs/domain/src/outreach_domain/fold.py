"""``apply(state, event) -> state``: the one fold used live, in replay and in audits."""

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from outreach_contract.v1 import RecordedEvent
from outreach_contract.v1 import events as ev
from outreach_domain.state import CandidateState, Fact


def empty_state(partner: str, candidate_id: str) -> CandidateState:
    return CandidateState(partner=partner, candidate_id=candidate_id)


def apply(state: CandidateState, recorded: RecordedEvent) -> CandidateState:
    return apply_all(state, (recorded,))


def apply_all(state: CandidateState, recorded: Iterable[RecordedEvent]) -> CandidateState:
    """Fold many events at once; an event already in the state changes nothing."""
    seen = set(state.event_ids)
    new: list[Fact] = []
    for item in recorded:
        _check_owner(state, item)
        event_id = str(item.event.event_id)
        if event_id not in seen:
            seen.add(event_id)
            new.append(Fact.of(item.received_at, item.event, event_id))
    if not new:
        return state
    facts = sorted((*state.facts, *new), key=_sort_key)
    return _with_facts(state, tuple(facts))


def from_facts(partner: str, candidate_id: str, facts: Iterable[Fact]) -> CandidateState:
    """The state holding ``facts`` (each once, by event id), in the state's order: what a
    store of facts as rows reads back, equal to the fold of the same events."""
    unique = {fact.event_id: fact for fact in facts}
    ordered = sorted(unique.values(), key=_sort_key)
    return _with_facts(empty_state(partner, candidate_id), tuple(ordered))


def extended(state: CandidateState, facts: Sequence[Fact]) -> CandidateState:
    """``state`` with ``facts`` added (facts it does not hold yet), in the state's order.
    New facts usually occurred after every fact held: then none is compared again."""
    if not facts:
        return state
    new = sorted(facts, key=_sort_key)
    if state.facts and new[0].sort_key < state.facts[-1].sort_key:
        return from_facts(state.partner, state.candidate_id, (*state.facts, *new))
    return _with_facts(state, (*state.facts, *new))


def restrict(
    state: CandidateState, as_of: date, known_at: datetime | None = None
) -> CandidateState:
    """The state as it stood: facts that occurred by ``as_of`` (the candidate's local day)
    and, with ``known_at``, that the system had received by then.

    Local days are cut in the time zone the candidate had then: a registration received
    after ``known_at``, or made after ``as_of``, moves no day of the cut (a later move to
    another time zone must not change an earlier diagnosis).

    Facts are sorted by their UTC instant, and a local day is never more than a day from
    the UTC day (offsets are under 24 hours), so only the facts of the UTC days ``as_of``
    and ``as_of + 1`` need their local day computed: every earlier fact is kept, every
    later one dropped, found by binary search (tests/unit/domain/test_restrict.py holds
    this to the plain filter over every fact)."""
    known = state.facts
    if known_at is not None:
        known = tuple(f for f in state.facts if f.received_at <= known_at)
    start = _first_at_or_after(known, as_of)
    if known_at is None and start == len(known):
        return state  # every fact occurred before the UTC day as_of: nothing to cut
    view = state if len(known) == len(state.facts) else _with_facts(state, known)
    registrations = [
        fact for fact in known[start:] if isinstance(fact.event, ev.CandidateRegistered)
    ]
    dropped = {
        fact.event_id for fact in registrations if view.local_date(fact.event.occurred_at) > as_of
    }
    # The zones in force once the registrations made after as_of are set aside: a state
    # holding only the remaining registrations has exactly those zones.
    zones = view
    if dropped:
        zones = _with_facts(
            state,
            tuple(
                fact
                for fact in view.facts
                if isinstance(fact.event, ev.CandidateRegistered) and fact.event_id not in dropped
            ),
        )
    end = len(known) if as_of >= _LAST_CUT else _first_at_or_after(known, as_of + _MARGIN, start)
    kept = known[:start] + tuple(
        fact
        for fact in known[start:end]
        if fact.event_id not in dropped and zones.local_date(fact.event.occurred_at) <= as_of
    )
    if len(kept) == len(state.facts):
        return state
    cut = _with_facts(state, kept)
    if known_at is None and cut.zones == state.zones:
        # The same zones in force at every moment, so the same local day of every kept
        # fact: the cut shares the state's memo of them (a cached state is cut again for
        # every as_of asked, and the days were a sixth of such a diagnosis: issue 11).
        cut.__dict__["_local_dates"] = state._local_dates
    return cut


_MARGIN = timedelta(days=2)  # a local day is at most a day after its UTC day
_LAST_CUT = date.max - _MARGIN  # no later day to search for


def _first_at_or_after(facts: Sequence[Fact], day: date, low: int = 0) -> int:
    """The index of the first fact that occurred on or after the start of ``day`` in UTC."""
    moment = datetime.combine(day, time(), UTC)
    return bisect_left(facts, moment, lo=low, key=lambda fact: fact.sort_key[0])


def _sort_key(fact: Fact) -> tuple[datetime, str]:
    return fact.sort_key


def _with_facts(state: CandidateState, facts: tuple[Fact, ...]) -> CandidateState:
    # model_copy would carry the cached views (ids, profile) over to the new state.
    return CandidateState.model_construct(
        partner=state.partner, candidate_id=state.candidate_id, facts=facts
    )


def _check_owner(state: CandidateState, recorded: RecordedEvent) -> None:
    if (recorded.partner, recorded.event.candidate_id) != (state.partner, state.candidate_id):
        raise ValueError(
            f"event {recorded.event.event_id} belongs to {recorded.stream_key}, "
            f"not {state.partner}/{state.candidate_id}"
        )
