"""Erasure: destroy a candidate's data key and every readable copy of its data, at once.

In one transaction: the key becomes a tombstone, every read-model table keyed by
``(partner, candidate_id)`` loses the candidate's rows (facts, state header, quarantined
events, and the tables other parts add later: found by their columns, not listed), and
the ``erasures`` audit gets its row. The event store and the topic are append-only and
keep their ciphertext, which nobody can open any more (ADR 0015).
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Table, delete, insert, select

from outreach_platform.database import METADATA, read_only
from outreach_platform.personal import metrics
from outreach_platform.personal.keys import KeyRing, candidate_keys, erasures
from outreach_platform.readmodel import candidate_states, headers

log = logging.getLogger(__name__)
# Audit of erasures and of replays: they name the candidate id, and hold nothing of its data.
KEPT = frozenset({"candidate_keys", "erasures", "replay_differences"})


@dataclass(frozen=True)
class Erasure:
    partner: str
    candidate_id: str
    key_id: str | None
    erased_at: datetime
    rows_deleted: int


def candidate_tables() -> list[Table]:
    """Every table holding rows of one candidate (``partner`` and ``candidate_id``)."""
    return [
        table
        for table in METADATA.sorted_tables
        if table.name not in KEPT and {"partner", "candidate_id"} <= set(table.c.keys())
    ]


def erase(
    ring: KeyRing, partner: str, candidate_id: str, requested_by: str, reason: str = "request"
) -> Erasure:
    now = datetime.now(UTC)
    with ring.engine.begin() as conn:
        # The key row first, then the header: the projection's order (vault.open, then its
        # headers), so the two wait for each other but never deadlock.
        key_id = ring.destroy(conn, partner, candidate_id, now)
        headers(conn, [(partner, candidate_id)], lock=True)
        rows = purge(conn, partner, candidate_id)
        conn.execute(
            insert(erasures).values(
                partner=partner,
                candidate_id=candidate_id,
                key_id=key_id,
                erased_at=now,
                requested_by=requested_by[:200],
                reason=reason,
                rows_deleted=rows,
            )
        )
    metrics.ERASED.labels(partner, reason).inc()
    _flush_sqlite(ring)
    log.info("erased %s/%s (key %s, %d rows)", partner, candidate_id, key_id, rows)
    return Erasure(partner, candidate_id, key_id, now, rows)


def purge(conn: Connection, partner: str, candidate_id: str) -> int:
    deleted = 0
    for table in candidate_tables():
        result = conn.execute(
            delete(table).where(table.c.partner == partner, table.c.candidate_id == candidate_id)
        )
        deleted += max(result.rowcount, 0)
    return deleted


def is_erased(ring: KeyRing, partner: str, candidate_id: str) -> bool:
    key = ring.lookup([(partner, candidate_id)]).get((partner, candidate_id))
    return key is not None and key.secret is None


def has_key(ring: KeyRing, partner: str, candidate_id: str) -> bool:
    key = ring.lookup([(partner, candidate_id)]).get((partner, candidate_id))
    return key is not None and key.secret is not None


def quiet_candidates(ring: KeyRing, partner: str, days: int, now: datetime) -> list[str]:
    """The partner's candidates whose read model has not moved for ``days`` days: no
    new event for that long (``updated_at`` is when the last new event was applied)."""
    table = candidate_states
    cutoff = now - timedelta(days=days)
    with read_only(ring.engine).connect() as conn:
        return list(
            conn.execute(
                select(table.c.candidate_id)
                .where(table.c.partner == partner, table.c.updated_at < cutoff)
                .order_by(table.c.candidate_id)
            ).scalars()
        )


def sweep(ring: KeyRing) -> int:
    """Delete read-model rows of every erased candidate: copies that came back (a restored
    backup, a write that raced an erasure) go again. How many rows went."""
    with ring.engine.begin() as conn:
        erased = conn.execute(
            select(candidate_keys.c.partner, candidate_keys.c.candidate_id).where(
                candidate_keys.c.erased_at.is_not(None)
            )
        ).all()
        total = sum(purge(conn, row.partner, row.candidate_id) for row in erased)
    if total:
        _flush_sqlite(ring)
    return total


def _flush_sqlite(ring: KeyRing) -> None:
    # With secure_delete the freed pages are zeroed; the WAL still holds the old pages
    # until a checkpoint: fold it in and truncate it, so the file holds no copy either.
    if ring.engine.dialect.name == "sqlite":
        raw = ring.engine.raw_connection()  # autocommit: a checkpoint runs outside BEGIN
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
