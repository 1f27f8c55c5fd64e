"""The claims table on PostgreSQL, written in the stored events' transaction."""

from collections.abc import Collection, Sequence
from typing import Any

from eventsourcing.persistence import ProgrammingError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from outreach_intake.claims import MIGRATIONS, TABLE, Claim, KnownClaim, columns


class ClaimsPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        if datastore.enable_db_functions:
            # That path inserts the events through a database function and passes no
            # other argument on: the claims would be silently left out.
            raise ProgrammingError("the intake's claims need ENABLE_DB_FUNCTIONS off")
        claims = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(TABLE))
        marks = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(MIGRATIONS))
        self.sql_create_statements += _create(claims, marks)
        unnest = SQL(
            "INSERT INTO {t} (partner, event_id, candidate_id, digest) "
            "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[])"
        ).format(t=claims)
        self._insert_claims = unnest
        self._copy_claims = unnest + SQL(" ON CONFLICT DO NOTHING")
        self._select_claims = SQL(
            "SELECT event_id, candidate_id, digest FROM {t} "
            "WHERE partner = %s AND event_id = ANY(%s)"
        ).format(t=claims)
        self._mark = SQL(
            "INSERT INTO {t} AS m VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET "
            "notification_id = GREATEST(m.notification_id, excluded.notification_id)"
        ).format(t=marks)
        self._copied = SQL("SELECT notification_id FROM {t} WHERE name = %s").format(t=marks)

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        # After the events, so under the lock the library takes on the events table first:
        # writers of claims are serialised like writers of events, and never deadlock.
        super()._insert_stored_events(curs, stored_events, **kwargs)
        claims: Sequence[Claim] = kwargs.get("claims", ())
        if claims:  # own cursor: the library reads the events' notification ids from curs
            with curs.connection.cursor() as other:
                other.execute(self._insert_claims, columns(claims), prepare=True)

    def select_claims(self, partner: str, event_ids: Collection[str]) -> dict[str, KnownClaim]:
        if not event_ids:
            return {}
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_claims, (partner, list(event_ids)), prepare=True)
            return {
                row["event_id"]: KnownClaim(row["candidate_id"], row["digest"])
                for row in curs.fetchall()
            }

    def copy_claims(self, claims: Sequence[Claim], migration: str, through: int) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._copy_claims, columns(claims))
            curs.execute(self._mark, (migration, through))

    def copied_through(self, migration: str) -> int:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._copied, (migration,))
            row = curs.fetchone()
        return int(row["notification_id"]) if row else 0


def _create(claims: Composed, marks: Composed) -> list[Composed]:
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
