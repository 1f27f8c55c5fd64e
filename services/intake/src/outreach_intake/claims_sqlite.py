"""The claims table on SQLite, written in the stored events' transaction."""

from collections.abc import Collection, Sequence
from typing import Any

import orjson
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from outreach_intake.claims import MIGRATIONS, TABLE, Claim, KnownClaim

_CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "partner TEXT NOT NULL, event_id TEXT NOT NULL, "
    "candidate_id TEXT NOT NULL, digest TEXT NOT NULL, "
    "PRIMARY KEY (partner, event_id)) WITHOUT ROWID",
    f"CREATE TABLE IF NOT EXISTS {MIGRATIONS} ("
    "name TEXT PRIMARY KEY, notification_id INTEGER NOT NULL) WITHOUT ROWID",
]
_INSERT = f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?)"
_COPY = _INSERT + " ON CONFLICT DO NOTHING"
# One statement, one parameter, whatever the batch's size: the ids as a JSON array.
_SELECT = (
    f"SELECT event_id, candidate_id, digest FROM {TABLE} "
    "WHERE partner = ? AND event_id IN (SELECT value FROM json_each(?))"
)
_MARK = (
    f"INSERT INTO {MIGRATIONS} VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
    "notification_id = MAX(notification_id, excluded.notification_id)"
)
_COPIED = f"SELECT notification_id FROM {MIGRATIONS} WHERE name = ?"


class ClaimsSQLiteRecorder(SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *_CREATE]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        claims: Sequence[Claim] = kwargs.get("claims", ())
        if claims:  # a claimed id fails the whole transaction (IntegrityError)
            c.executemany(_INSERT, [claim.row() for claim in claims])
        return ids

    def select_claims(self, partner: str, event_ids: Collection[str]) -> dict[str, KnownClaim]:
        if not event_ids:
            return {}
        wanted = orjson.dumps(list(event_ids)).decode()
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT, (partner, wanted))
            return {row[0]: KnownClaim(row[1], row[2]) for row in c.fetchall()}

    def copy_claims(self, claims: Sequence[Claim], migration: str, through: int) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.executemany(_COPY, [claim.row() for claim in claims])
            c.execute(_MARK, (migration, through))

    def copied_through(self, migration: str) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_COPIED, (migration,))
            row = c.fetchone()
        return int(row[0]) if row else 0
