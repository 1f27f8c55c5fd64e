"""The projection's write: append a batch's new facts to its candidates and move the
feeds' positions forward, in one transaction, so a crash keeps both or neither.

A batch reads no stored fact (ADR 0011), only its candidates' headers and which of its
events are stored already, so its cost does not grow with the candidates' histories.
The fold is total (``outreach_domain.guarded``): an event it cannot apply is quarantined
for its one candidate, with every later event of that candidate, in the same transaction;
the rest of the batch, and every other candidate, move on. A retry applies them again.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine

from outreach_contract.v1 import RecordedEvent
from outreach_contract.v1.personal import StoredRecord
from outreach_domain import empty_state
from outreach_domain.guarded import fold_guarded
from outreach_platform import quarantine
from outreach_platform.feeds import Positions
from outreach_platform.personal import metrics as personal_metrics
from outreach_platform.personal.vault import Vault
from outreach_platform.readmodel import (
    Appended,
    FactKey,
    Header,
    ReadModel,
    append,
    feed_positions,
    headers,
    in_feed_order,
    stored_ids,
)
from outreach_platform.sql import upsert
from outreach_projection import metrics

log = logging.getLogger(__name__)
CandidateKey = tuple[str, str]


@dataclass(frozen=True)
class Folded:
    applied: int  # events new to the candidate's state
    quarantined: int  # events newly set aside (failed, or held behind a failure)
    appended: Appended | None = None  # the candidate's new facts, to store


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
    skipped = 0
    """Events of erased candidates this store left out, in total."""

    def __init__(self, engine: Engine, vault: Vault | None = None) -> None:
        super().__init__(engine)
        self._vault = vault  # None: only records in the clear are read (unit tests)

    def apply(self, records: Sequence[StoredRecord], positions: Positions) -> int:
        """Append a batch's new facts to their candidates and move the feeds forward,
        atomically. Whether an event applies is a property of the event alone (its owner,
        its sort key), so the fold runs on the batch's new events: no stored fact is read.

        Returns how many events were new; redelivered, quarantined and erased ones are not.
        """
        applied, quarantined = 0, Counter[str]()
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            events = self._open(conn, records)
            by_stream: dict[CandidateKey, list[tuple[FactKey, RecordedEvent]]] = defaultdict(list)
            for item in events:
                fact_key = _fact_key(item)
                by_stream[fact_key[:2]].append((fact_key, item))
            keys = sorted(by_stream)
            # Headers are locked in one order, so two writers never deadlock; a writer that
            # overlaps another (an instance that lost its partition in a rebalance and
            # still commits a stale batch) appends after the newer facts instead of
            # overwriting them. Two first inserts of one candidate: one fails, and retries.
            before = headers(conn, keys, lock=True)
            # A candidate without a header has no fact stored (``append`` writes a header
            # with its rows): only known candidates' events can be redeliveries.
            known = (k for key in keys if key in before for k, _item in by_stream[key])
            stored = stored_ids(conn, known)
            blockers = quarantine.blockers(conn, keys)
            appended = []
            for key in keys:
                fresh = _unique((k[2], i) for k, i in by_stream[key] if k not in stored)
                folded = _fold(conn, key, fresh, before.get(key), blockers.get(key), now)
                applied += folded.applied
                quarantined[key[0]] += folded.quarantined
                if folded.appended is not None:
                    appended.append(folded.appended)
            append(conn, appended, now)
            _advance(conn, positions)
        for partner, count in quarantined.items():
            if count:
                metrics.EVENTS_QUARANTINED.labels(partner).inc(count)
        self.quarantined += quarantined.total()
        return applied

    def _open(self, conn: Connection, records: Sequence[StoredRecord]) -> list[RecordedEvent]:
        """The batch in the clear, in this transaction: an erased candidate's events are
        left out, and an erasure waits for this write or this write sees the erasure."""
        if self._vault is None:
            plain = [r for r in records if isinstance(r, RecordedEvent)]
            self.skipped += len(records) - len(plain)
            return plain
        opened = self._vault.open(records, conn)
        self.skipped += opened.skipped
        personal_metrics.SKIPPED.inc(opened.skipped)
        return opened.events

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
            before = headers(conn, [key], lock=True).get(key)  # the projector waits for this
            waiting = [entry.event() for entry in quarantine.entries(conn, *key)]
            stored = stored_ids(conn, (_fact_key(item) for item in waiting))
            fresh = [i for i in waiting if _fact_key(i) not in stored]
            guarded = fold_guarded(empty_state(*key), fresh)
            append(conn, [Appended(key, before, in_feed_order(guarded.state.facts, fresh))])
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


def _fold(
    conn: Connection,
    key: CandidateKey,
    fresh: list[RecordedEvent],
    before: Header | None,
    blocked_by: str | None,
    now: datetime,
) -> Folded:
    """One candidate's new events: its facts to append, or its events quarantined."""
    if not fresh:
        return Folded(0, 0)
    if blocked_by is not None:
        # The candidate already waits on a quarantined event: new events wait behind it.
        return Folded(0, quarantine.put(conn, None, fresh, blocked_by, now))
    guarded = fold_guarded(empty_state(*key), fresh)
    facts = in_feed_order(guarded.state.facts, fresh)
    appended = Appended(key, before, facts) if facts else None
    if guarded.failure is None:
        return Folded(len(facts), 0, appended)
    log.error(
        "event %s of %s/%s quarantined (%d later events held): %s",
        guarded.failure.event.event.event_id,
        *key,
        len(guarded.held),
        guarded.failure.error,
    )
    held = quarantine.put(conn, guarded.failure, guarded.held, None, now)
    return Folded(len(facts), held, appended)


def _fact_key(item: RecordedEvent) -> FactKey:
    return (item.partner, item.event.candidate_id, str(item.event.event_id))


def _unique(items: Iterable[tuple[str, RecordedEvent]]) -> list[RecordedEvent]:
    """The events, each once by event id, in feed order."""
    found: dict[str, RecordedEvent] = {}
    for event_id, item in items:
        found.setdefault(event_id, item)
    return list(found.values())


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
