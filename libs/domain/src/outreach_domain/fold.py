"""``apply(state, event) -> state``: the one fold used live, in replay and in audits."""

from collections.abc import Iterable
from datetime import date, datetime

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
            new.append(Fact(received_at=item.received_at, event=item.event))
    if not new:
        return state
    facts = sorted((*state.facts, *new), key=lambda fact: fact.sort_key)
    return _with_facts(state, tuple(facts))


def restrict(
    state: CandidateState, as_of: date, known_at: datetime | None = None
) -> CandidateState:
    """The state as it stood: facts that occurred by ``as_of`` (the candidate's local day)
    and, with ``known_at``, that the system had received by then.

    Local days are cut in the time zone the candidate had then: a registration received
    after ``known_at``, or made after ``as_of``, moves no day of the cut (a later move to
    another time zone must not change an earlier diagnosis)."""
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
