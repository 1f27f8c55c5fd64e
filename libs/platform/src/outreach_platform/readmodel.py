"""The read model's tables: per-candidate state, and the feed positions it reflects.

The projection writes a batch of state updates and the positions they bring it to in
one transaction, so a crash either keeps both or neither; the diagnostics read it.
"""

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)

from outreach_contract.v1 import RecordedEvent
from outreach_domain import CandidateState, apply_all, empty_state
from outreach_platform.database import METADATA, create_tables

candidate_states = Table(
    "candidate_states",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("state", Text, nullable=False),
    Column("facts", Integer, nullable=False),
    Column("last_occurred_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
feed_positions = Table(
    "feed_positions",
    METADATA,
    Column("feed", String(200), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

Positions = Mapping[str, int]
"""Feed name (``event-store``, or ``<topic>-<partition>``) to the last position applied."""


class ReadModel:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine, [candidate_states, feed_positions])

    def apply(self, events: Sequence[RecordedEvent], positions: Positions) -> int:
        """Fold events into their candidates' states and move the feeds forward, atomically.

        Returns how many events were new; redelivered ones change nothing.
        """
        by_stream: dict[tuple[str, str], list[RecordedEvent]] = defaultdict(list)
        for item in events:
            by_stream[(item.partner, item.event.candidate_id)].append(item)
        applied = 0
        with self.engine.begin() as conn:
            # Rows are locked in one order, so two writers never deadlock; a writer that
            # overlaps another (an instance that lost its partition in a rebalance and
            # still commits a stale batch) folds into the newer state instead of
            # overwriting it. Two first inserts of one candidate: one fails, and retries.
            for (partner, candidate_id), items in sorted(by_stream.items()):
                before = _load(conn, partner, candidate_id, lock=True)
                after = apply_all(before or empty_state(partner, candidate_id), items)
                applied += len(after.facts) - (len(before.facts) if before else 0)
                if after is not before:
                    _save(conn, after, exists=before is not None)
            _advance(conn, positions)
        return applied

    def get(self, partner: str, candidate_id: str) -> CandidateState | None:
        with self.engine.connect() as conn:
            return _load(conn, partner, candidate_id)

    def positions(self, prefix: str = "") -> dict[str, int]:
        query = select(feed_positions).where(feed_positions.c.feed.startswith(prefix))
        with self.engine.connect() as conn:
            return {row.feed: row.position for row in conn.execute(query)}

    def states(self, partner: str | None = None) -> Iterator[CandidateState]:
        """Every candidate's state, in (partner, candidate) order."""
        query = select(candidate_states.c.state).order_by(
            candidate_states.c.partner, candidate_states.c.candidate_id
        )
        if partner is not None:
            query = query.where(candidate_states.c.partner == partner)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield CandidateState.model_validate_json(row.state)

    def last_updated_at(self) -> datetime | None:
        """When the read model last changed: its freshness."""
        with self.engine.connect() as conn:
            newest: datetime | None = conn.execute(
                select(func.max(candidate_states.c.updated_at))
            ).scalar()
        return newest


def _load(
    conn: Connection, partner: str, candidate_id: str, lock: bool = False
) -> CandidateState | None:
    query = select(candidate_states.c.state).where(
        candidate_states.c.partner == partner, candidate_states.c.candidate_id == candidate_id
    )
    # FOR UPDATE on PostgreSQL; SQLite ignores it (its writers take the database lock).
    row = conn.execute(query.with_for_update() if lock else query).first()
    return CandidateState.model_validate_json(row.state) if row else None


def state_row(state: CandidateState, now: datetime) -> dict[str, Any]:
    """A ``candidate_states`` row; a replay writes the very same rows in bulk."""
    return {
        "partner": state.partner,
        "candidate_id": state.candidate_id,
        "state": state.model_dump_json(),
        "facts": len(state.facts),
        "last_occurred_at": state.facts[-1].event.occurred_at if state.facts else None,
        "updated_at": now,
    }


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
    for feed, position in sorted(positions.items()):  # one lock order for every writer
        # Only forward: an instance that lost a partition in a rebalance may still commit
        # an older batch after the new owner moved on.
        moved = conn.execute(
            update(feed_positions)
            .where(feed_positions.c.feed == feed, feed_positions.c.position < position)
            .values(position=position)
        )
        if (
            moved.rowcount == 0
            and not conn.execute(
                select(feed_positions.c.feed).where(feed_positions.c.feed == feed)
            ).first()
        ):
            conn.execute(insert(feed_positions).values(feed=feed, position=position))
