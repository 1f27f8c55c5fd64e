"""The projection's write: fold a batch into its candidates' states and move the feeds'
positions forward, in one transaction, so a crash keeps both or neither.

The fold is total (``outreach_domain.guarded``): an event it cannot apply is quarantined
for its one candidate, with every later event of that candidate, in the same transaction;
the rest of the batch, and every other candidate, move on. A retry applies them again.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import Connection, insert, update

from outreach_contract.v1 import RecordedEvent
from outreach_domain import CandidateState, empty_state
from outreach_domain.guarded import Failure, describe, fold_guarded
from outreach_platform import quarantine
from outreach_platform.feeds import Positions
from outreach_platform.readmodel import (
    ReadModel,
    candidate_states,
    feed_positions,
    load_state,
    state_row,
)
from outreach_platform.sql import upsert
from outreach_projection import metrics

log = logging.getLogger(__name__)
CandidateKey = tuple[str, str]
UNREADABLE = "the candidate's stored state does not read"


@dataclass(frozen=True)
class Folded:
    applied: int  # events new to the candidate's state
    quarantined: int  # events newly set aside (failed, or held behind a failure)


@dataclass(frozen=True)
class Retried:
    partner: str
    candidate_id: str
    released: int  # events applied (or found applied) and removed from the quarantine
    remaining: int  # events still quarantined
    error: str | None  # why the first remaining one still fails


class ProjectionStore(ReadModel):
    """The read model as the projection sees it: its positions, and the batch write."""

    quarantined = 0
    """Events this store has newly quarantined, in total (the projector reports them)."""

    def apply(self, events: Sequence[RecordedEvent], positions: Positions) -> int:
        """Fold events into their candidates' states and move the feeds forward, atomically.

        Returns how many events were new; redelivered and quarantined ones are not.
        """
        by_stream: dict[CandidateKey, list[RecordedEvent]] = defaultdict(list)
        for item in events:
            by_stream[(item.partner, item.event.candidate_id)].append(item)
        applied, quarantined = 0, Counter[str]()
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            # Rows are locked in one order, so two writers never deadlock; a writer that
            # overlaps another (an instance that lost its partition in a rebalance and
            # still commits a stale batch) folds into the newer state instead of
            # overwriting it. Two first inserts of one candidate: one fails, and retries
            # (an upsert would let the second overwrite the first's facts).
            for key, items in sorted(by_stream.items()):
                folded = _fold(conn, key, items, now)
                applied += folded.applied
                quarantined[key[0]] += folded.quarantined
            _advance(conn, positions)
        for partner, count in quarantined.items():
            if count:
                metrics.EVENTS_QUARANTINED.labels(partner).inc(count)
        self.quarantined += quarantined.total()
        return applied

    def retry_quarantined(
        self, partner: str | None = None, candidate_id: str | None = None
    ) -> list[Retried]:
        """Apply quarantined events again (after a fix), one candidate per transaction;
        those that apply leave the quarantine, the first that fails again stays with
        every event after it."""
        return [
            self._retry(key) for key in quarantine.candidates(self.engine, partner, candidate_id)
        ]

    def _retry(self, key: CandidateKey) -> Retried:
        with self.engine.begin() as conn:
            try:
                before = load_state(conn, *key, lock=True)  # the projector waits for this
            except ValidationError as unreadable:
                waits = len(quarantine.quarantined_ids(conn, key))
                return Retried(*key, 0, waits, f"{UNREADABLE}: {describe(unreadable)}")
            base = before or empty_state(*key)
            waiting = [entry.event() for entry in quarantine.entries(conn, *key)]
            guarded = fold_guarded(base, waiting)
            if guarded.state is not base:
                _save(conn, guarded.state, exists=before is not None)
            still = {str(item.event.event_id) for item in guarded.held}
            if guarded.failure is not None:
                failed = guarded.failure
                quarantine.failed_again(conn, key, failed, sorted(still), datetime.now(UTC))
                still.add(str(failed.event.event.event_id))
            released = [
                str(i.event.event_id) for i in waiting if str(i.event.event_id) not in still
            ]
            quarantine.release(conn, key, released)
        error = guarded.failure.error if guarded.failure else None
        return Retried(key[0], key[1], len(released), len(still), error)


def _fold(conn: Connection, key: CandidateKey, items: list[RecordedEvent], now: datetime) -> Folded:
    """One candidate's share of a batch: its new state, or its events quarantined."""
    try:
        before = load_state(conn, *key, lock=True)
    except ValidationError as error:
        return _unreadable(conn, key, items, error, now)
    base = before or empty_state(*key)
    blocked_by = quarantine.blocker(conn, key)
    if blocked_by is not None:
        # The candidate already waits on a quarantined event: new events wait behind it.
        fresh = _unique(item for item in items if str(item.event.event_id) not in base.event_ids)
        return Folded(0, quarantine.put(conn, None, fresh, blocked_by, now))
    guarded = fold_guarded(base, items)
    if guarded.state is not base:
        _save(conn, guarded.state, exists=before is not None)
    applied = len(guarded.state.facts) - len(base.facts)
    if guarded.failure is None:
        return Folded(applied, 0)
    log.error(
        "event %s of %s/%s quarantined (%d later events held): %s",
        guarded.failure.event.event.event_id,
        *key,
        len(guarded.held),
        guarded.failure.error,
    )
    return Folded(applied, quarantine.put(conn, guarded.failure, guarded.held, None, now))


def _unreadable(
    conn: Connection,
    key: CandidateKey,
    items: list[RecordedEvent],
    error: ValidationError,
    now: datetime,
) -> Folded:
    """The stored state no longer reads (say, a time zone a tzdata upgrade removed): its
    new events wait, rather than halt everyone or overwrite the state they cannot see."""
    log.error("the stored state of %s/%s does not read; its events wait", *key)
    fresh = _unique(items)
    blocked_by = quarantine.blocker(conn, key)
    if blocked_by is not None:
        return Folded(0, quarantine.put(conn, None, fresh, blocked_by, now))
    failure = Failure(fresh[0], f"{UNREADABLE}: {describe(error)}")
    return Folded(0, quarantine.put(conn, failure, fresh[1:], None, now))


def _unique(items: Iterable[RecordedEvent]) -> list[RecordedEvent]:
    found: dict[str, RecordedEvent] = {}
    for item in items:
        found.setdefault(str(item.event.event_id), item)
    return list(found.values())


def _save(conn: Connection, state: CandidateState, exists: bool) -> None:
    row = state_row(state, datetime.now(UTC))
    key = (candidate_states.c.partner == state.partner) & (
        candidate_states.c.candidate_id == state.candidate_id
    )
    if exists:
        conn.execute(update(candidate_states).where(key).values(**row))
    else:
        conn.execute(insert(candidate_states).values(**row))


def _advance(conn: Connection, positions: Positions) -> None:
    # Only forward: an instance that lost a partition in a rebalance may still commit an
    # older batch after the new owner moved on. Sorted: one lock order for every writer.
    rows = [{"feed": feed, "position": p} for feed, p in sorted(positions.items())]
    upsert(
        conn,
        feed_positions,
        rows,
        where=lambda new: feed_positions.c.position < new.position,
    )
