"""The candidates' data keys, in a table of their own, wrapped by the master key.

One row per candidate of a partner: the key's id, the master key that wrapped it and
the wrapped key. Erasure destroys the key and keeps the row as a tombstone (``erased_at``
set, ``wrapped`` NULL), so that a later event for that id is refused rather than opening
a new candidate under a new key, and readers know to skip what they cannot open: the
tombstone and the key are one row, so "is it erased?" and "which key?" are one read. The
``erasures`` table is the audit of who erased whom, when, and which key went.
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    String,
    Table,
    Text,
    select,
    update,
)

from outreach_platform.database import METADATA, read_only
from outreach_platform.personal.crypto import MasterKeys, new_key
from outreach_platform.sql import UtcDateTime, chunks, in_keys, upsert

candidate_keys = Table(
    "candidate_keys",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("key_id", String(24), nullable=False),
    Column("master_id", String(12), nullable=True),  # NULL once erased
    Column("wrapped", Text, nullable=True),  # NULL once erased: the key is gone
    Column("created_at", UtcDateTime, nullable=False),
    Column("erased_at", UtcDateTime, nullable=True),
)
erasures = Table(
    "erasures",
    METADATA,
    Column("erasure_id", Integer, primary_key=True, autoincrement=True),
    Column("partner", String(64), nullable=False, index=True),
    Column("candidate_id", String(128), nullable=False),
    Column("key_id", String(24), nullable=True),  # NULL: the candidate never had a key
    Column("erased_at", UtcDateTime, nullable=False),
    Column("requested_by", String(200), nullable=False),  # an API key id, a CLI user, retention
    Column("reason", String(20), nullable=False),  # request | retention
    Column("rows_deleted", Integer, nullable=False),  # copies removed from the read model
)
CandidateKey = tuple[str, str]
_PER_QUERY = 500
_CACHED_KEYS = 100_000  # unwrapped data keys kept in memory: 32 bytes each


@dataclass(frozen=True)
class DataKey:
    key_id: str
    secret: bytes | None  # None: erased


class KeyRing:
    """Data keys by candidate: made on first use, unwrapped once per process, destroyed
    by ``destroy``. Whether a key is destroyed is read every time, never cached."""

    def __init__(self, engine: Engine, master: MasterKeys | None) -> None:
        """Without ``master`` a ring can only destroy keys (retention, erasure)."""
        self.engine = engine
        self._master = master
        self._unwrapped: dict[str, bytes] = {}

    def for_sealing(self, partner: str, candidate_ids: Iterable[str]) -> dict[str, DataKey]:
        """Each candidate's key, made for those that have none (erased: ``secret`` None)."""
        wanted = sorted({(partner, c) for c in candidate_ids})
        found = self.lookup(wanted)
        missing = [k for k in wanted if k not in found]
        if missing:
            with self.engine.begin() as conn:
                # Two writers making one candidate's key: the first row stays, both read it.
                upsert(conn, candidate_keys, [self._new_row(k) for k in missing], update=[])
            found.update(self.lookup(missing))
        return {candidate: key for (_, candidate), key in found.items()}

    def lookup(self, keys: Sequence[CandidateKey]) -> dict[CandidateKey, DataKey]:
        with read_only(self.engine).connect() as conn:
            return self.read(conn, keys)

    def read(
        self, conn: Connection, keys: Sequence[CandidateKey], lock: bool = False
    ) -> dict[CandidateKey, DataKey]:
        """The keys of those candidates that have one. With ``lock`` (PostgreSQL: FOR
        SHARE) an erasure of one of them waits for the caller's transaction, or the
        caller waits for it and reads the tombstone: never both."""
        table, found = candidate_keys, {}
        for chunk in chunks(sorted(set(keys)), _PER_QUERY):
            owners = in_keys(conn, [table.c.partner, table.c.candidate_id], chunk)
            query = select(table).where(owners)
            if lock and conn.dialect.name == "postgresql":
                query = query.with_for_update(read=True)
            for row in conn.execute(query):
                found[(row.partner, row.candidate_id)] = self._data_key(row)
        return found

    def destroy(
        self, conn: Connection, partner: str, candidate_id: str, now: datetime
    ) -> str | None:
        """Destroy the key (the tombstone stays); the key id, None if there was no key.
        A candidate without a key (recorded before ADR 0015) gets a tombstone too."""
        table = candidate_keys
        row = conn.execute(
            select(table.c.key_id)
            .where(table.c.partner == partner, table.c.candidate_id == candidate_id)
            .with_for_update()
        ).first()
        if row is None:
            tombstone = {
                "partner": partner,
                "candidate_id": candidate_id,
                "key_id": "none",
                "master_id": None,
                "wrapped": None,
                "created_at": now,
                "erased_at": now,
            }
            upsert(conn, table, [tombstone], update=[])
        conn.execute(
            update(table)
            .where(table.c.partner == partner, table.c.candidate_id == candidate_id)
            .values(wrapped=None, master_id=None, erased_at=now)
        )
        self._unwrapped.clear()  # this process forgets every key it had unwrapped
        return None if row is None else str(row.key_id)

    def rewrap(self) -> int:
        """Wrap every live data key with the current master key (after a rotation); how many
        moved. Old master keys can be removed from the settings afterwards."""
        moved, table = 0, candidate_keys
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(table).where(
                    table.c.wrapped.is_not(None), table.c.master_id != self.master.current_id
                )
            ).all()
            for row in rows:
                aad = _aad(row.partner, row.candidate_id, row.key_id)
                secret = self.master.unwrap(row.master_id, row.wrapped, aad)
                master, wrapped = self.master.wrap(secret, aad)
                conn.execute(
                    update(table)
                    .where(table.c.partner == row.partner, table.c.candidate_id == row.candidate_id)
                    .values(master_id=master, wrapped=wrapped)
                )
                moved += 1
        return moved

    @property
    def master(self) -> MasterKeys:
        if self._master is None:
            raise RuntimeError("this key ring has no master key: it can only destroy keys")
        return self._master

    def _data_key(self, row: Any) -> DataKey:
        key_id, wrapped = row.key_id, row.wrapped
        if wrapped is None:
            return DataKey(key_id, None)
        secret = self._unwrapped.get(key_id)
        if secret is None:
            aad = _aad(row.partner, row.candidate_id, key_id)
            secret = self.master.unwrap(row.master_id, wrapped, aad)
            if len(self._unwrapped) >= _CACHED_KEYS:
                self._unwrapped.clear()
            self._unwrapped[key_id] = secret
        return DataKey(key_id, secret)

    def _new_row(self, key: CandidateKey) -> dict[str, object]:
        key_id = secrets.token_hex(8)
        master, wrapped = self.master.wrap(new_key(), _aad(*key, key_id))
        return {
            "partner": key[0],
            "candidate_id": key[1],
            "key_id": key_id,
            "master_id": master,
            "wrapped": wrapped,
            "created_at": datetime.now(UTC),
            "erased_at": None,
        }


def _aad(partner: str, candidate_id: str, key_id: str) -> bytes:
    return f"outreach data key\x00{partner}\x00{candidate_id}\x00{key_id}".encode()
