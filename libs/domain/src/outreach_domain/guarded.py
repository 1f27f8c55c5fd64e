"""The fold made total: ``fold_guarded`` never raises, it sets an unappliable event aside.

One candidate's event that the fold cannot apply must not stop anyone else's (issue 10:
a year-1 ``occurred_at`` once halted the read model for every partner). The rule, shared
by the live projection, its quarantine retry and the replay, so that their states agree:

    a candidate's state is the fold of its events, in feed order, up to (not including)
    the first one the fold raises on; that event and every later one of the candidate
    wait (quarantined) until a retry applies them.

Later events wait too, rather than being applied around the gap, because a state that is
silently missing one event looks complete and is not; held back, the gap is visible.
Feed order (the event store's notification order, which Kafka keeps per candidate) is
the same live and in a replay, so both stop at the same event whatever their batches.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from outreach_contract.v1 import RecordedEvent
from outreach_domain.fold import apply, apply_all
from outreach_domain.state import CandidateState

MAX_ERROR_CHARS = 2_000


@dataclass(frozen=True)
class Failure:
    event: RecordedEvent
    error: str


@dataclass(frozen=True)
class Guarded:
    state: CandidateState
    """The fold of every event before the failure (``state`` itself when none applied)."""
    failure: Failure | None = None
    """The first event the fold raised on, and why."""
    held: tuple[RecordedEvent, ...] = ()
    """The events after it that the state does not hold yet, once each, in feed order."""


def fold_guarded(state: CandidateState, items: Sequence[RecordedEvent]) -> Guarded:
    try:
        return Guarded(apply_all(state, items))
    except Exception:  # the fold is pure: whatever it raises, an event is at fault
        pass
    # Only on a failure: one event at a time, in feed order, to find the first culprit.
    for index, item in enumerate(items):
        try:
            state = apply(state, item)
        except Exception as error:
            return Guarded(
                state, Failure(item, describe(error)), _rest(state, item, items[index + 1 :])
            )
    return Guarded(state)  # each applies alone: the failure was the batch's, not an event's


def describe(error: BaseException) -> str:
    """What an operator reads in the quarantine: the error's type and message, bounded."""
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def _rest(
    state: CandidateState, failed: RecordedEvent, later: Sequence[RecordedEvent]
) -> tuple[RecordedEvent, ...]:
    seen = {*state.event_ids, str(failed.event.event_id)}
    rest = []
    for item in later:
        event_id = str(item.event.event_id)
        if event_id not in seen:
            seen.add(event_id)
            rest.append(item)
    return tuple(rest)
