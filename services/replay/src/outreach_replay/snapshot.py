"""A consistent look at a read model: its feed positions, every state's digest and every
candidate's stored verdicts' digest, read in one transaction so that they describe the
same moment even while a projection and the verdict refresher write."""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, select

from outreach_contract.codec import digest
from outreach_domain.digest import Digests, StateKey, state_digest
from outreach_domain.fold import from_facts
from outreach_platform.readmodel import candidate_facts, feed_positions, parse_facts
from outreach_platform.verdicts import candidate_verdicts


@dataclass(frozen=True)
class Snapshot:
    positions: dict[str, int]
    digests: Digests
    verdicts: Digests = field(default_factory=lambda: Digests({}))
    """Per candidate: the digest of its stored verdicts (reason, status, score, rules
    version, as_of; not when they were computed, which differs between two stores)."""


def snapshot(engine: Engine) -> Snapshot:
    with _consistent(engine) as conn:
        positions = {row.feed: row.position for row in conn.execute(select(feed_positions))}
        table = candidate_facts
        rows = conn.execution_options(yield_per=1_000).execute(
            select(table.c.partner, table.c.candidate_id, table.c.body).order_by(
                table.c.partner, table.c.candidate_id, table.c.seq
            )
        )
        states: dict[StateKey, str] = {
            key: _digest(key, [row.body for row in group])
            for key, group in groupby(rows, key=lambda row: (row.partner, row.candidate_id))
        }
        verdicts = _verdict_digests(conn)
    return Snapshot(positions, Digests(states), verdicts)


def _verdict_digests(conn: Connection) -> Digests:
    v = candidate_verdicts
    rows = conn.execute(
        select(v.c.partner, v.c.candidate_id, v.c.reason, v.c.status, v.c.score)
        .add_columns(v.c.rules_version, v.c.as_of)
        .order_by(v.c.partner, v.c.candidate_id, v.c.reason)
    )
    return Digests(
        {
            key: digest(
                [[r.reason, r.status, r.score, r.rules_version, r.as_of.isoformat()] for r in group]
            )
            for key, group in groupby(rows, key=lambda row: (row.partner, row.candidate_id))
        }
    )


def _digest(key: StateKey, bodies: list[str]) -> str:
    """The digest of the state the rows hold: the same as the fold of the same events."""
    try:
        return state_digest(from_facts(*key, parse_facts(bodies)))
    except ValidationError:
        # A row damaged beyond reading is a difference to report, not a crash.
        return "unreadable-" + hashlib.sha256("\n".join(bodies).encode()).hexdigest()


@contextmanager
def _consistent(engine: Engine) -> Iterator[Connection]:
    if engine.dialect.name == "postgresql":
        # One snapshot for every statement of the transaction; writers carry on.
        conn = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with conn, conn.begin():
            yield conn
    else:
        # SQLite engines begin with BEGIN IMMEDIATE (outreach_platform.database): writers
        # wait for the few seconds this read takes.
        with engine.begin() as conn:
            yield conn
