"""The claims table on PostgreSQL, written in the stored events' transaction."""

from collections.abc import Collection, Sequence
from typing import Any

import orjson
from eventsourcing.persistence import ProgrammingError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from outreach_intake.claims import MIGRATIONS, TABLE, Claim, KnownClaim


class ClaimsPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        if datastore.enable_db_functions:
            # That path inserts the events through a database function and passes no
            # other argument on: the claims would be silently left out.
            raise ProgrammingError("the intake's claims need ENABLE_DB_FUNCTIONS off")
        claims = Identifier(datastore.schema, TABLE)
        marks = Identifier(datastore.schema, MIGRATIONS)
        self.sql_create_statements += _create(claims, marks)
        # Rows and keys go as one JSON document each (orjson), not as arrays: psycopg quotes
        # every element of a text array with a regular expression (ADR 0012, 2nd round).
        rows = SQL(
            "INSERT INTO {t} (partner, event_id, candidate_id, digest) "
            "SELECT r->>0, r->>1, r->>2, r->>3 FROM json_array_elements(%s::json) AS r"
        ).format(t=claims)
        self._insert_claims = rows
        self._copy_claims = rows + SQL(" ON CONFLICT DO NOTHING")
        self._select_claims = SQL(
            "SELECT event_id, candidate_id, digest FROM {t} WHERE partner = %s "
            "AND event_id IN (SELECT json_array_elements_text(%s::json))"
        ).format(t=claims)
        self._mark = SQL(
            "INSERT INTO {t} AS m VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET "
            "notification_id = GREATEST(m.notification_id, excluded.notification_id)"
        ).format(t=marks)
        self._copied = SQL("SELECT notification_id FROM {t} WHERE name = %s").format(t=marks)
        # The events go as four arrays in binary, not the library's one array of a composite
        # type: psycopg dumps a composite in Python, field by field, escaping each state's
        # bytes as text, 17 of the 19 ms of CPU a batch of 500 took (ADR 0012, 8th round).
        self._insert_events_as_arrays = SQL(
            "INSERT INTO {t} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%b::{id}[], %b::bigint[], %b::text[], %b::bytea[]) "
            "RETURNING notification_id"
        ).format(
            t=Identifier(datastore.schema, self.events_table_name),
            id=Identifier(datastore.originator_id_type),
        )

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        # The library's own steps but the insert: it takes the lock on the events table and
        # notifies its listeners, then the events go in, then the claims, so under that
        # lock writers of claims are serialised like writers of events, and never deadlock.
        self._lock_table(curs)
        self._notify_channel(curs)
        curs.execute(self._insert_events_as_arrays, _columns(stored_events), prepare=True)
        claims: Sequence[Claim] = kwargs.get("claims", ())
        if claims:  # own cursor: the library reads the events' notification ids from curs
            with curs.connection.cursor() as other:
                other.execute(self._insert_claims, (_rows(claims),), prepare=True)

    def select_claims(self, partner: str, event_ids: Collection[str]) -> dict[str, KnownClaim]:
        if not event_ids:
            return {}
        with self.datastore.transaction(commit=False) as curs:
            keys = orjson.dumps(list(event_ids)).decode()
            curs.execute(self._select_claims, (partner, keys), prepare=True)
            return {
                row["event_id"]: KnownClaim(row["candidate_id"], row["digest"])
                for row in curs.fetchall()
            }

    def copy_claims(self, claims: Sequence[Claim], migration: str, through: int) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._copy_claims, (_rows(claims),))
            curs.execute(self._mark, (migration, through))

    def copied_through(self, migration: str) -> int:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._copied, (migration,))
            row = curs.fetchone()
        return int(row["notification_id"]) if row else 0


def _columns(events: Sequence[StoredEvent]) -> tuple[list[Any], ...]:
    """The events' four fields as four lists, in the events' order: ``unnest`` zips them
    back in that order and ``RETURNING`` gives the ids in it, as the library relies on."""
    return (
        [event.originator_id for event in events],
        [event.originator_version for event in events],
        [event.topic for event in events],
        [event.state for event in events],
    )


def _rows(claims: Sequence[Claim]) -> str:
    return orjson.dumps([claim.row() for claim in claims]).decode()


def _create(claims: Identifier, marks: Identifier) -> list[Composed]:
    return [
        SQL(
            "CREATE TABLE IF NOT EXISTS {t} ("
            "partner text NOT NULL, event_id text NOT NULL, "
            "candidate_id text NOT NULL, digest text NOT NULL, "
            "PRIMARY KEY (partner, event_id))"
        ).format(t=claims),
        SQL(
            "CREATE TABLE IF NOT EXISTS {t} ("
            "name text PRIMARY KEY, notification_id bigint NOT NULL)"
        ).format(t=marks),
    ]
