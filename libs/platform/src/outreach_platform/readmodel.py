"""The read model's tables (per-candidate state, and the feed positions it reflects) and
how they are read. The projection owns the write (``outreach_projection.write``), the
replay writes the very same rows in bulk, and the diagnostics read them.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
)

from outreach_domain import CandidateState
from outreach_platform.database import METADATA, read_only
from outreach_platform.sql import UtcDateTime

candidate_states = Table(
    "candidate_states",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("state", Text, nullable=False),
    Column("facts", Integer, nullable=False),
    Column("last_occurred_at", UtcDateTime, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
)
feed_positions = Table(
    "feed_positions",
    METADATA,
    Column("feed", String(200), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
TABLES = (candidate_states, feed_positions)


class ReadModel:
    """Reads states and positions; every method is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, partner: str, candidate_id: str) -> CandidateState | None:
        with read_only(self.engine).connect() as conn:
            return load_state(conn, partner, candidate_id)

    def positions(self, prefix: str = "") -> dict[str, int]:
        query = select(feed_positions).where(feed_positions.c.feed.startswith(prefix))
        with read_only(self.engine).connect() as conn:
            return {row.feed: row.position for row in conn.execute(query)}

    def states(self, partner: str | None = None) -> Iterator[CandidateState]:
        """Every candidate's state, in (partner, candidate) order."""
        query = select(candidate_states.c.state).order_by(
            candidate_states.c.partner, candidate_states.c.candidate_id
        )
        if partner is not None:
            query = query.where(candidate_states.c.partner == partner)
        with read_only(self.engine).connect() as conn:
            for row in conn.execute(query):
                yield CandidateState.model_validate_json(row.state)

    def last_updated_at(self) -> datetime | None:
        """When the read model last changed: its freshness."""
        with read_only(self.engine).connect() as conn:
            newest: datetime | None = conn.execute(
                select(func.max(candidate_states.c.updated_at))
            ).scalar()
        return newest


def load_state(
    conn: Connection, partner: str, candidate_id: str, lock: bool = False
) -> CandidateState | None:
    query = select(candidate_states.c.state).where(
        candidate_states.c.partner == partner, candidate_states.c.candidate_id == candidate_id
    )
    # FOR UPDATE on PostgreSQL; SQLite ignores it (its writers take the database lock).
    row = conn.execute(query.with_for_update() if lock else query).first()
    return CandidateState.model_validate_json(row.state) if row else None


def state_row(state: CandidateState, now: datetime) -> dict[str, Any]:
    """A ``candidate_states`` row: the live projection and a replay write the same rows."""
    return {
        "partner": state.partner,
        "candidate_id": state.candidate_id,
        "state": state.model_dump_json(),
        "facts": len(state.facts),
        "last_occurred_at": state.facts[-1].event.occurred_at if state.facts else None,
        "updated_at": now,
    }
