"""What a batch must know from the event store before it saves, in one query each
whatever the batch's size: the claims already made on its event ids, and the last version
of each of its candidates' streams.

Loading each claim and replaying each stream (``repository.get``) cost a query per event
and a replay per candidate: three quarters of the intake's time (ADR 0012). A stream's
state is only its version, so no aggregate is rebuilt: the batch appends after the last
stored version, and the unique (stream, version) key still fails a save that raced
another writer. The ``eventsourcing`` recorders read one stream at a time, so this asks
each recorder's table directly, by its primary key (as ``notification_ids.py`` does).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

_SQLITE_CHUNK = 500  # SQLite limits the number of parameters of one statement


@dataclass(frozen=True)
class KnownClaim:
    """An event id already claimed: by which candidate, for which content."""

    candidate_id: str
    digest: str


class StoreHeads(Protocol):
    def claims(self, claim_ids: Collection[UUID]) -> dict[UUID, KnownClaim]:
        """The stored claims among these ids."""
        ...

    def versions(self, stream_ids: Collection[UUID]) -> dict[UUID, int]:
        """The last stored version of each of these streams that exists."""
        ...


def store_heads(app: Application[UUID]) -> StoreHeads:
    recorder: Any = app.recorder
    rows: _Rows
    if isinstance(recorder, SQLiteApplicationRecorder):
        rows = _SQLiteRows(recorder)
    elif isinstance(recorder, PostgresApplicationRecorder):
        rows = _PostgresRows(recorder)
    else:  # in memory (tests): the recorder's own reads, one stream at a time
        rows = _RecorderRows(recorder)
    return _Heads(app, rows)


class _Rows(Protocol):
    def events(self, ids: Collection[UUID]) -> list[StoredEvent]: ...

    def last_versions(self, ids: Collection[UUID]) -> dict[UUID, int]: ...


class _Heads:
    def __init__(self, app: Application[UUID], rows: _Rows) -> None:
        self._mapper = app.mapper
        self._rows = rows

    def claims(self, claim_ids: Collection[UUID]) -> dict[UUID, KnownClaim]:
        found: dict[UUID, KnownClaim] = {}
        for stored in self._rows.events(claim_ids):
            # Through the mapper: the claim reads as the application wrote it (a cipher or
            # a compressor in the store's settings included).
            claimed: Any = self._mapper.to_domain_event(stored)
            found[claimed.originator_id] = KnownClaim(claimed.candidate_id, claimed.digest)
        return found

    def versions(self, stream_ids: Collection[UUID]) -> dict[UUID, int]:
        return self._rows.last_versions(stream_ids) if stream_ids else {}


class _SQLiteRows:
    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self._datastore = recorder.datastore
        self._table = recorder.events_table_name
        self._hex = recorder.datastore.originator_id_type == "uuid"

    def events(self, ids: Collection[UUID]) -> list[StoredEvent]:
        statement = "SELECT originator_id, originator_version, topic, state FROM {} WHERE "
        found = []
        for keys, chunk in self._chunks(ids):
            marks = ", ".join("?" * len(chunk))
            query = statement.format(self._table) + f"originator_id IN ({marks})"
            found += [StoredEvent(keys[r[0]], r[1], r[2], r[3]) for r in self._select(query, chunk)]
        return found

    def last_versions(self, ids: Collection[UUID]) -> dict[UUID, int]:
        found: dict[UUID, int] = {}
        for keys, chunk in self._chunks(ids):
            marks = ", ".join("?" * len(chunk))
            query = (
                f"SELECT originator_id, MAX(originator_version) FROM {self._table} "
                f"WHERE originator_id IN ({marks}) GROUP BY originator_id"
            )
            found.update((keys[row[0]], row[1]) for row in self._select(query, chunk))
        return found

    def _chunks(self, ids: Iterable[UUID]) -> Iterable[tuple[dict[str, UUID], list[str]]]:
        keys = {(i.hex if self._hex else str(i)): i for i in ids}
        listed = list(keys)
        for start in range(0, len(listed), _SQLITE_CHUNK):
            yield keys, listed[start : start + _SQLITE_CHUNK]

    def _select(self, query: str, params: list[str]) -> list[Any]:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(query, params)
            return list(cursor.fetchall())


class _PostgresRows:
    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        self._datastore = recorder.datastore
        self._uuid = recorder.datastore.originator_id_type == "uuid"
        table = SQL("{}.{}").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        self._events = SQL(
            "SELECT originator_id, originator_version, topic, state FROM {t} "
            "WHERE originator_id = ANY(%s)"
        ).format(t=table)
        self._versions = SQL(
            "SELECT originator_id, MAX(originator_version) AS version FROM {t} "
            "WHERE originator_id = ANY(%s) GROUP BY originator_id"
        ).format(t=table)

    def events(self, ids: Collection[UUID]) -> list[StoredEvent]:
        return [
            StoredEvent(
                self._id(row["originator_id"]),
                row["originator_version"],
                row["topic"],
                bytes(row["state"]),
            )
            for row in self._select(self._events, ids)
        ]

    def last_versions(self, ids: Collection[UUID]) -> dict[UUID, int]:
        return {
            self._id(row["originator_id"]): row["version"]
            for row in self._select(self._versions, ids)
        }

    def _select(self, query: SQL | Any, ids: Collection[UUID]) -> list[Any]:
        keys = list(ids) if self._uuid else [str(i) for i in ids]
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(query, (keys,), prepare=True)
            return list(cursor.fetchall())

    @staticmethod
    def _id(raw: UUID | str) -> UUID:
        return raw if isinstance(raw, UUID) else UUID(raw)


class _RecorderRows:
    def __init__(self, recorder: Any) -> None:
        self._recorder = recorder

    def events(self, ids: Collection[UUID]) -> list[StoredEvent]:
        return [stored for i in ids for stored in self._recorder.select_events(i)]

    def last_versions(self, ids: Collection[UUID]) -> dict[UUID, int]:
        found: dict[UUID, int] = {}
        for i in ids:
            last = self._recorder.select_events(i, desc=True, limit=1)
            if last:
                found[i] = last[0].originator_version
        return found
