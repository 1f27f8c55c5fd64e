"""Events set aside because the fold could not apply them, per candidate (ADR 0009).

The projection writes these rows in the same transaction as the state and the feed
positions, so the pipeline moves on without losing the event: each row keeps the whole
recorded event, and ``outreach quarantine retry`` applies it again after a fix. A row is
either the event the fold failed on (``blocked_by`` is NULL, ``error`` says why) or a
later event of the same candidate held behind it (``outreach_domain.guarded`` says why
later events wait too).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    Engine,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from outreach_contract.codec import canonical_json
from outreach_contract.v1 import RecordedEvent
from outreach_domain.guarded import Failure
from outreach_platform.database import METADATA, read_only
from outreach_platform.sql import UtcDateTime, chunks, in_keys, upsert

quarantined_events = Table(
    "quarantined_events",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("event_id", String(36), primary_key=True),
    Column("position", BigInteger, nullable=False),  # in the event store: the feed order
    Column("event_type", String(64), nullable=False),
    Column("blocked_by", String(36), nullable=True),  # NULL: this event failed itself
    Column("error", Text, nullable=False),
    Column("recorded", Text, nullable=False),  # the recorded event, canonical JSON
    Column("first_seen", UtcDateTime, nullable=False),
    Column("last_seen", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
)
TABLES = (quarantined_events,)
CandidateKey = tuple[str, str]
"""(partner, candidate_id)"""


@dataclass(frozen=True)
class Entry:
    partner: str
    candidate_id: str
    event_id: str
    position: int
    event_type: str
    blocked_by: str | None
    error: str
    first_seen: datetime
    last_seen: datetime
    attempts: int
    recorded: str

    def event(self) -> RecordedEvent:
        return RecordedEvent.model_validate_json(self.recorded)


@dataclass(frozen=True)
class Totals:
    events: int
    candidates: int

    def sentence(self) -> str | None:
        """The readiness degradation, or None when nothing is quarantined."""
        if not self.events:
            return None
        events = "1 event" if self.events == 1 else f"{self.events} events"
        whom = "1 candidate" if self.candidates == 1 else f"{self.candidates} candidates"
        return f"{events} quarantined for {whom} (outreach quarantine list)"


def blockers(conn: Connection, keys: Sequence[CandidateKey]) -> dict[CandidateKey, str]:
    """The event each candidate's quarantine starts with, for those that have one: one
    query per 500 candidates, so a batch asks once rather than once per candidate."""
    table, found = quarantined_events, dict[CandidateKey, str]()
    for chunk in chunks(sorted(keys), 500):
        query = (
            select(table.c.partner, table.c.candidate_id, table.c.event_id, table.c.blocked_by)
            .where(in_keys(conn, [table.c.partner, table.c.candidate_id], chunk))
            .order_by(table.c.partner, table.c.candidate_id, table.c.position, table.c.event_id)
        )
        for row in conn.execute(query):
            found.setdefault((row.partner, row.candidate_id), row.blocked_by or row.event_id)
    return found


def put(
    conn: Connection,
    failure: Failure | None,
    held: Sequence[RecordedEvent],
    blocked_by: str | None,
    now: datetime,
) -> int:
    """Quarantine a failed event and the events held behind it (``blocked_by``: the
    failure's id, or the candidate's existing blocker). A row already there (a
    redelivery) only gets ``last_seen``. Returns how many rows are new."""
    rows: list[dict[str, Any]] = []
    if failure is not None:
        rows.append(_row(failure.event, None, failure.error, now, attempts=1))
        blocked_by = str(failure.event.event.event_id)
    note = f"held behind quarantined event {blocked_by}"
    rows += [_row(item, blocked_by, note, now, attempts=0) for item in held]
    if not rows:
        return 0
    keys = [(r["partner"], r["candidate_id"], r["event_id"]) for r in rows]
    existing = _existing(conn, keys)
    upsert(conn, quarantined_events, rows, update=["last_seen"])
    return len(keys) - len(existing)


def release(conn: Connection, key: CandidateKey, event_ids: Iterable[str]) -> None:
    """Remove events from a candidate's quarantine: they are in its state now."""
    ids = list(event_ids)
    if ids:
        conn.execute(
            delete(quarantined_events).where(_of(key), quarantined_events.c.event_id.in_(ids))
        )


def failed_again(
    conn: Connection, key: CandidateKey, failure: Failure, held: Sequence[str], now: datetime
) -> None:
    """A retry stopped at ``failure``: record it as the candidate's blocker, and every
    event after it (``held``) as waiting behind it."""
    failed_id = str(failure.event.event.event_id)
    table = quarantined_events
    conn.execute(
        update(table)
        .where(_of(key), table.c.event_id == failed_id)
        .values(blocked_by=None, error=failure.error, last_seen=now, attempts=table.c.attempts + 1)
    )
    if held:
        conn.execute(
            update(table)
            .where(_of(key), table.c.event_id.in_(list(held)))
            .values(blocked_by=failed_id, error=f"held behind quarantined event {failed_id}")
        )


def entries(
    conn: Connection, partner: str | None = None, candidate_id: str | None = None
) -> list[Entry]:
    """Quarantined events, by candidate and in feed order."""
    table = quarantined_events
    query = select(table).order_by(
        table.c.partner, table.c.candidate_id, table.c.position, table.c.event_id
    )
    if partner is not None:
        query = query.where(table.c.partner == partner)
    if candidate_id is not None:
        query = query.where(table.c.candidate_id == candidate_id)
    return [Entry(**row._mapping) for row in conn.execute(query)]


def candidates(
    engine: Engine, partner: str | None = None, candidate_id: str | None = None
) -> list[CandidateKey]:
    table = quarantined_events
    query = select(table.c.partner, table.c.candidate_id).distinct()
    if partner is not None:
        query = query.where(table.c.partner == partner)
    if candidate_id is not None:
        query = query.where(table.c.candidate_id == candidate_id)
    with read_only(engine).connect() as conn:
        return sorted((row.partner, row.candidate_id) for row in conn.execute(query))


def totals(engine: Engine) -> Totals:
    table = quarantined_events
    with read_only(engine).connect() as conn:
        events = conn.execute(select(func.count()).select_from(table)).scalar() or 0
        keys = select(table.c.partner, table.c.candidate_id).distinct().subquery()
        found = conn.execute(select(func.count()).select_from(keys)).scalar() or 0
    return Totals(events, found)


def degradation(engine: Engine) -> str | None:
    """A readiness degradation (still ready): what waits in the quarantine, or None.
    An unreachable database is the database check's to report, not this one's."""
    try:
        return totals(engine).sentence()
    except SQLAlchemyError:
        return None


def _of(key: CandidateKey) -> ColumnElement[bool]:
    partner, candidate_id = key
    return (quarantined_events.c.partner == partner) & (
        quarantined_events.c.candidate_id == candidate_id
    )


def _existing(conn: Connection, keys: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    table = quarantined_events
    query = select(table.c.partner, table.c.candidate_id, table.c.event_id).where(
        in_keys(conn, [table.c.partner, table.c.candidate_id, table.c.event_id], keys)
    )
    return {(r.partner, r.candidate_id, r.event_id) for r in conn.execute(query)}


def _row(
    item: RecordedEvent, blocked_by: str | None, error: str, now: datetime, attempts: int
) -> dict[str, Any]:
    return {
        "partner": item.partner,
        "candidate_id": item.event.candidate_id,
        "event_id": str(item.event.event_id),
        "position": item.position,
        "event_type": item.event.type,
        "blocked_by": blocked_by,
        "error": error,
        "recorded": canonical_json(item).decode(),
        "first_seen": now,
        "last_seen": now,
        "attempts": attempts,
    }
