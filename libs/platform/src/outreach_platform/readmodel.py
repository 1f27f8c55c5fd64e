"""The read model's tables and how they are read and appended to (ADR 0011).

A candidate's facts are rows of ``candidate_facts``, one per event, in the order they were
stored (``seq``, per candidate); ``candidate_states`` holds one header per candidate: how
many facts, the last ``seq``, the latest ``occurred_at``. A batch appends its new facts and
moves the headers, so its cost grows with the batch, never with a candidate's history,
and a reader that holds a candidate's facts up to a ``seq`` reads only the rows after it.
A state reads back as ``CandidateState`` with its facts in the state's order (UTC
``occurred_at``, then event id): equal to the fold of the same events, digest included.

The projection owns the write (``outreach_projection.write``), the replay writes the very
same rows in bulk, and the diagnostics read them.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
)

from outreach_contract.codec import canonical_json_as
from outreach_contract.v1 import RecordedEvent
from outreach_domain import CandidateState, Fact
from outreach_domain.fold import from_facts
from outreach_platform.database import METADATA, read_only
from outreach_platform.sql import UtcDateTime, chunks, in_keys, insert_rows, upsert

candidate_states = Table(
    "candidate_states",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("facts", Integer, nullable=False),
    Column("last_seq", BigInteger, nullable=False),  # the seq of the candidate's last row
    Column("last_occurred_at", UtcDateTime, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
    # The verdict refresher finds the candidates that moved since its watermark (ADR 0013).
    Index("candidate_states_by_update", "updated_at"),
)
candidate_facts = Table(
    "candidate_facts",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("event_id", String(36), primary_key=True),  # a redelivery conflicts: a no-op
    Column("seq", BigInteger, nullable=False),  # 1, 2, ... per candidate, as stored
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("type", String(64), nullable=False),
    Column("body", Text, nullable=False),  # the Fact, canonical JSON
    # Unique: two writers that both believed themselves a candidate's first cannot both
    # commit rows under the same numbers (one fails, and its batch is retried).
    Index("candidate_facts_by_seq", "partner", "candidate_id", "seq", unique=True),
)
feed_positions = Table(
    "feed_positions",
    METADATA,
    Column("feed", String(200), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
TABLES = (candidate_states, candidate_facts, feed_positions)
CandidateKey = tuple[str, str]
"""(partner, candidate_id)"""
FactKey = tuple[str, str, str]
"""(partner, candidate_id, event_id)"""

_FACTS = TypeAdapter(list[Fact])
_KEYS_PER_QUERY = 500  # keys per SELECT ... IN: well under every driver's parameter limit


@dataclass(frozen=True)
class Header:
    """What ``candidate_states`` says of a candidate."""

    facts: int
    last_seq: int
    last_occurred_at: datetime | None


@dataclass(frozen=True)
class Appended:
    """A candidate's new facts for ``append``, with its header before them (None: new)."""

    key: CandidateKey
    before: Header | None
    facts: Sequence[Fact]


class ReadModel:
    """Reads states and positions; every method is one short transaction."""

    parsed = 0
    """Facts this reader has parsed, in total: what a cache of states saves (tests count)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, partner: str, candidate_id: str) -> CandidateState | None:
        with read_only(self.engine).connect() as conn:
            state = load_state(conn, partner, candidate_id)
        self.parsed += len(state.facts) if state else 0
        return state

    def header(self, partner: str, candidate_id: str) -> Header | None:
        with read_only(self.engine).connect() as conn:
            return headers(conn, [(partner, candidate_id)]).get((partner, candidate_id))

    def facts(
        self, partner: str, candidate_id: str, after: int = 0, through: int | None = None
    ) -> list[Fact]:
        """The candidate's facts stored after ``seq`` ``after`` and up to ``through``, in
        the order stored (not the state's order)."""
        table = candidate_facts
        query = (
            select(table.c.body)
            .where(table.c.partner == partner, table.c.candidate_id == candidate_id)
            .where(table.c.seq > after)
            .order_by(table.c.seq)
        )
        if through is not None:
            query = query.where(table.c.seq <= through)
        with read_only(self.engine).connect() as conn:
            found = parse_facts(conn.execute(query).scalars())
        self.parsed += len(found)
        return found

    def positions(self, prefix: str = "") -> dict[str, int]:
        query = select(feed_positions).where(feed_positions.c.feed.startswith(prefix))
        with read_only(self.engine).connect() as conn:
            return {row.feed: row.position for row in conn.execute(query)}

    def states(self, partner: str | None = None) -> Iterator[CandidateState]:
        """Every candidate's state, in (partner, candidate) order."""
        for key, bodies in stored_bodies(self.engine, partner):
            self.parsed += len(bodies)
            yield from_facts(*key, parse_facts(bodies))

    def last_updated_at(self) -> datetime | None:
        """When the read model last changed: its freshness."""
        with read_only(self.engine).connect() as conn:
            newest: datetime | None = conn.execute(
                select(func.max(candidate_states.c.updated_at))
            ).scalar()
        return newest


def in_feed_order(facts: Iterable[Fact], items: Sequence[RecordedEvent]) -> list[Fact]:
    """``facts`` in the order of the events they came from: rows are numbered in the
    order the feed delivered them, as a log of what was stored when reads best."""
    # Keyed by the UUID, not its text: ``str(UUID)`` costs five times its hash.
    order = {item.event.event_id: n for n, item in enumerate(items)}
    return sorted(facts, key=lambda fact: order.get(fact.event.event_id, len(order)))


def parse_facts(bodies: Iterable[str]) -> list[Fact]:
    """Stored facts, parsed in one call (one JSON array): faster than one call each."""
    return _FACTS.validate_json("[" + ",".join(bodies) + "]")


def stored_bodies(
    engine: Engine, partner: str | None = None
) -> Iterator[tuple[CandidateKey, list[str]]]:
    """Every candidate's stored fact bodies, one candidate at a time, in (partner,
    candidate) order: a whole store is read without holding more than one candidate."""
    table = candidate_facts
    query = select(table.c.partner, table.c.candidate_id, table.c.body).order_by(
        table.c.partner, table.c.candidate_id, table.c.seq
    )
    if partner is not None:
        query = query.where(table.c.partner == partner)
    with read_only(engine).connect() as conn:
        rows = conn.execution_options(yield_per=1_000).execute(query)
        for key, group in groupby(rows, key=lambda row: (row.partner, row.candidate_id)):
            yield key, [row.body for row in group]


def load_state(conn: Connection, partner: str, candidate_id: str) -> CandidateState | None:
    table = candidate_facts
    query = select(table.c.body).where(
        table.c.partner == partner, table.c.candidate_id == candidate_id
    )
    bodies = list(conn.execute(query).scalars())
    return from_facts(partner, candidate_id, parse_facts(bodies)) if bodies else None


def headers(
    conn: Connection, keys: Sequence[CandidateKey], lock: bool = False
) -> dict[CandidateKey, Header]:
    """The headers of ``keys`` that exist. With ``lock``, their rows are locked in key
    order (FOR UPDATE on PostgreSQL; SQLite's writers hold the database lock anyway), so
    writers of one candidate take turns and two writers never deadlock."""
    table, found = candidate_states, dict[CandidateKey, Header]()
    for chunk in chunks(sorted(keys), _KEYS_PER_QUERY):
        query = (
            select(table)
            .where(in_keys(conn, [table.c.partner, table.c.candidate_id], chunk))
            .order_by(table.c.partner, table.c.candidate_id)
        )
        for row in conn.execute(query.with_for_update() if lock else query):
            found[(row.partner, row.candidate_id)] = Header(
                row.facts, row.last_seq, row.last_occurred_at
            )
    return found


def stored_ids(conn: Connection, keys: Iterable[FactKey]) -> set[FactKey]:
    """Which of these facts are stored already (a redelivery is not new)."""
    table, found = candidate_facts, set[FactKey]()
    for chunk in chunks(sorted(set(keys)), _KEYS_PER_QUERY):
        query = select(table.c.partner, table.c.candidate_id, table.c.event_id).where(
            in_keys(conn, [table.c.partner, table.c.candidate_id, table.c.event_id], chunk)
        )
        found.update((row.partner, row.candidate_id, row.event_id) for row in conn.execute(query))
    return found


def append(conn: Connection, appended: Sequence[Appended], now: datetime | None = None) -> None:
    """Store new facts after each candidate's last one and move the headers: one INSERT
    of every fact (a fact already stored is left as it is) and one per kind of header.

    Callers hold the candidates' header locks (``headers(..., lock=True)``) and pass only
    facts not stored yet, so numbers follow on from ``before.last_seq``."""
    moment = now or datetime.now(UTC)
    facts: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    items = sorted((a for a in appended if a.facts), key=lambda a: a.key)
    bodies = iter(fact_bodies([fact for item in items for fact in item.facts]))
    for item in items:
        base = item.before or Header(0, 0, None)
        facts += [
            _fact_row(item.key, base.last_seq + n, f, next(bodies))
            for n, f in enumerate(item.facts, 1)
        ]
        latest = max(fact.sort_key[0] for fact in item.facts)
        if base.last_occurred_at is not None:
            latest = max(latest, base.last_occurred_at)
        header = {
            "partner": item.key[0],
            "candidate_id": item.key[1],
            "facts": base.facts + len(item.facts),
            "last_seq": base.last_seq + len(item.facts),
            "last_occurred_at": latest,
            "updated_at": moment,
        }
        (moved if item.before else new).append(header)
    if new:
        # A plain INSERT: a second writer that also took the candidate for new fails (and
        # retries) instead of overwriting the first one's header.
        insert_rows(conn, candidate_states, new)
    upsert(conn, candidate_states, moved)
    upsert(conn, candidate_facts, facts, update=[])


def fact_bodies(facts: Sequence[Fact]) -> list[str]:
    """Each fact's stored body, ``canonical_json(fact)``: the facts dumped in one call of
    the serializer (``model_dump`` per fact spends a fifth of its time in Python), each
    written by the canonical encoder."""
    return [canonical_json_as(plain, Fact).decode() for plain in _dump_facts(facts)]


def _dump_facts(facts: Sequence[Fact]) -> list[Any]:
    plain: list[Any] = _FACTS.dump_python(list(facts), mode="json", by_alias=True)
    return plain


def _fact_row(key: CandidateKey, seq: int, fact: Fact, body: str) -> dict[str, Any]:
    return {
        "partner": key[0],
        "candidate_id": key[1],
        "event_id": fact.event_id,
        "seq": seq,
        "occurred_at": fact.sort_key[0],  # the instant in UTC, as stored, already computed
        "received_at": fact.received_at,
        "type": fact.event.type,
        "body": body,
    }
