"""The outbox's rows as the relay reads them: each recorded event's notification id and
stored state, nothing else.

The ``eventsourcing`` recorders build a ``Notification`` for every row, with its stream
id parsed into a UUID, that the relay never looks at: that was a third of reading a batch
(issue 11). This asks each recorder's table directly, with the recorder's own filter, as
``notification_ids.py`` and ``heads.py`` do; another recorder (in memory, for tests) is
read through its own API.
"""

from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

Rows = Callable[[int, int], list[tuple[int, bytes]]]


def outbox_rows(app: Application[Any], topic: str) -> Rows:
    """Reads (notification id, state) of events of ``topic`` after an id, in id order."""
    recorder: Any = app.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite(recorder, topic)
    if isinstance(recorder, PostgresApplicationRecorder):
        return _postgres(recorder, topic)
    return _through_the_recorder(recorder, topic)


def _sqlite(recorder: SQLiteApplicationRecorder, topic: str) -> Rows:
    # The SQLite application recorder's notification id is the table's rowid.
    statement = (
        f"SELECT rowid, state FROM {recorder.events_table_name} "
        "WHERE rowid>? AND topic=? ORDER BY rowid LIMIT ?"
    )

    def rows(after: int, limit: int) -> list[tuple[int, bytes]]:
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (after, topic, limit))
            return [(row[0], row[1]) for row in cursor.fetchall()]

    return rows


def _postgres(recorder: PostgresApplicationRecorder, topic: str) -> Rows:
    statement = SQL(
        "SELECT notification_id, state FROM {schema}.{table} "
        "WHERE notification_id>%s AND topic=%s ORDER BY notification_id LIMIT %s"
    ).format(
        schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name)
    )

    def rows(after: int, limit: int) -> list[tuple[int, bytes]]:
        with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, (after, topic, limit), prepare=True)
            return [(row["notification_id"], bytes(row["state"])) for row in cursor.fetchall()]

    return rows


def _through_the_recorder(recorder: Any, topic: str) -> Rows:
    def rows(after: int, limit: int) -> list[tuple[int, bytes]]:
        found = recorder.select_notifications(
            start=after, limit=limit, topics=(topic,), inclusive_of_start=False
        )
        return [(n.id, n.state) for n in found]

    return rows
