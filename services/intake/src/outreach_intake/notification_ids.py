"""Where each event of a stream sits in the event store's notification log.

An auditor asks for an event's position (its notification id: the order the outbox, the
relay and the embedded projection saw it in). The ``eventsourcing`` recorders expose the
log only by id range, so this asks each recorder's table directly, by stream: an indexed
lookup instead of a scan of the whole log.
"""

from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier


def notification_ids(app: Application[UUID], stream_id: UUID) -> dict[int, int]:
    """The notification id of each version of one stream (empty if it has none)."""
    recorder: Any = app.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite(recorder, stream_id)
    if isinstance(recorder, PostgresApplicationRecorder):
        return _postgres(recorder, stream_id)
    if isinstance(recorder, POPOApplicationRecorder):  # in memory, for tests
        index = recorder._stored_events_index[str(stream_id)]
        return {version: position + 1 for version, position in index.items()}
    raise NotImplementedError(f"no notification id lookup for {type(recorder).__name__}")


def _sqlite(recorder: SQLiteApplicationRecorder, stream_id: UUID) -> dict[int, int]:
    # The SQLite application recorder's notification id is the table's rowid.
    statement = (
        f"SELECT originator_version, rowid FROM {recorder.events_table_name} WHERE originator_id=?"
    )
    key = stream_id.hex if recorder.datastore.originator_id_type == "uuid" else str(stream_id)
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, (key,))
        return {row[0]: row[1] for row in cursor.fetchall()}


def _postgres(recorder: PostgresApplicationRecorder, stream_id: UUID) -> dict[int, int]:
    statement = SQL(
        "SELECT originator_version, notification_id FROM {schema}.{table} WHERE originator_id = %s"
    ).format(
        schema=Identifier(recorder.datastore.schema),
        table=Identifier(recorder.events_table_name),
    )
    key: UUID | str = (
        stream_id if recorder.datastore.originator_id_type == "uuid" else str(stream_id)
    )
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, (key,))
        return {row["originator_version"]: row["notification_id"] for row in cursor.fetchall()}
