"""How often each recorded event was received again, and when last: a tally beside the store.

A repeated post is a receipt, not an event (ADR 0002). Appending one stored event per
receipt made storage grow with every retry a partner's code makes (a batch posted a
thousand times was a thousand times its size), so repeats are counted instead (ADR 0008):
one row per event that was ever repeated, holding how many repeats there were and the
last one's time and key. The first receipt is the recorded event itself, so the audit
trail still shows the count and the first and last receipts with their keys.

The table lives in the event store's own database (the eventsourcing recorder's
connection: ``intake_receipts`` next to its tables), so the audit trail reads one store
and a backup of the event store holds the receipts too. The event store itself stays
append-only; only this tally is updated in place.
"""

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

TABLE = "intake_receipts"


@dataclass(frozen=True)
class Receipt:
    received_at: datetime
    key_id: str


@dataclass(frozen=True)
class Repeats:
    """Receipts of one event after the one that recorded it."""

    count: int
    last: Receipt

    def plus(self, other: "Repeats") -> "Repeats":
        later = other.last if other.last.received_at >= self.last.received_at else self.last
        return Repeats(self.count + other.count, later)


class ReceiptTally(Protocol):
    def add(self, partner: str, repeats: Mapping[str, Repeats]) -> None:
        """Count more repeats of these event ids (each already recorded)."""

    def repeats(self, partner: str, event_ids: Iterable[str]) -> dict[str, Repeats]:
        """The repeats of those event ids that were ever received again."""


def receipt_tally(app: Application[UUID]) -> ReceiptTally:
    """The tally in the application's event store, its table created if missing."""
    recorder: Any = app.recorder
    tally: ReceiptTally
    if isinstance(recorder, SQLiteApplicationRecorder):
        tally = _SQLiteTally(recorder)
    elif isinstance(recorder, PostgresApplicationRecorder):
        tally = _PostgresTally(recorder)
    elif isinstance(recorder, POPOApplicationRecorder):  # in memory, for tests
        tally = _MemoryTally()
    else:
        raise NotImplementedError(f"no receipt tally for {type(recorder).__name__}")
    return tally


class _MemoryTally:
    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], Repeats] = {}
        self._lock = threading.Lock()

    def add(self, partner: str, repeats: Mapping[str, Repeats]) -> None:
        with self._lock:
            for event_id, more in repeats.items():
                known = self._rows.get((partner, event_id))
                self._rows[(partner, event_id)] = known.plus(more) if known else more

    def repeats(self, partner: str, event_ids: Iterable[str]) -> dict[str, Repeats]:
        with self._lock:
            rows = {e: self._rows.get((partner, e)) for e in event_ids}
        return {event_id: row for event_id, row in rows.items() if row is not None}


class _SQLiteTally:
    # Times are stored as fixed-width UTC text, so that MAX() and >= compare them in order.
    _CREATE = (
        f"CREATE TABLE IF NOT EXISTS {TABLE} ("
        "partner TEXT NOT NULL, event_id TEXT NOT NULL, repeats INTEGER NOT NULL, "
        "last_received_at TEXT NOT NULL, last_key_id TEXT NOT NULL, "
        "PRIMARY KEY (partner, event_id)) WITHOUT ROWID"
    )
    # The right-hand sides see the row as it was, so the key is chosen before the time moves.
    _UPSERT = (
        f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (partner, event_id) DO UPDATE SET "
        "repeats = repeats + excluded.repeats, "
        "last_key_id = CASE WHEN excluded.last_received_at >= last_received_at "
        "THEN excluded.last_key_id ELSE last_key_id END, "
        "last_received_at = MAX(last_received_at, excluded.last_received_at)"
    )

    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self._datastore = recorder.datastore
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(self._CREATE)

    def add(self, partner: str, repeats: Mapping[str, Repeats]) -> None:
        rows = [
            (partner, event_id, r.count, _utc_text(r.last.received_at), r.last.key_id)
            for event_id, r in repeats.items()
        ]
        if rows:
            with self._datastore.transaction(commit=True) as cursor:
                cursor.executemany(self._UPSERT, rows)

    def repeats(self, partner: str, event_ids: Iterable[str]) -> dict[str, Repeats]:
        wanted = list(event_ids)
        found: dict[str, Repeats] = {}
        with self._datastore.transaction(commit=False) as cursor:
            for chunk in _chunks(wanted):
                marks = ", ".join("?" * len(chunk))
                cursor.execute(
                    f"SELECT event_id, repeats, last_received_at, last_key_id FROM {TABLE} "
                    f"WHERE partner = ? AND event_id IN ({marks})",
                    [partner, *chunk],
                )
                for event_id, count, at, key_id in cursor.fetchall():
                    found[event_id] = Repeats(count, Receipt(datetime.fromisoformat(at), key_id))
        return found


class _PostgresTally:
    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        self._datastore = recorder.datastore
        table = Identifier(self._datastore.schema, TABLE)
        self._upsert = SQL(
            "INSERT INTO {t} AS r VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (partner, event_id) DO UPDATE SET "
            "repeats = r.repeats + excluded.repeats, "
            "last_key_id = CASE WHEN excluded.last_received_at >= r.last_received_at "
            "THEN excluded.last_key_id ELSE r.last_key_id END, "
            "last_received_at = GREATEST(r.last_received_at, excluded.last_received_at)"
        ).format(t=table)
        self._select = SQL(
            "SELECT event_id, repeats, last_received_at, last_key_id FROM {t} "
            "WHERE partner = %s AND event_id = ANY(%s)"
        ).format(t=table)
        create = SQL(
            "CREATE TABLE IF NOT EXISTS {t} ("
            "partner text NOT NULL, event_id text NOT NULL, repeats bigint NOT NULL, "
            "last_received_at timestamptz NOT NULL, last_key_id text NOT NULL, "
            "PRIMARY KEY (partner, event_id))"
        ).format(t=table)
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(create)

    def add(self, partner: str, repeats: Mapping[str, Repeats]) -> None:
        rows = [
            (partner, event_id, r.count, r.last.received_at, r.last.key_id)
            for event_id, r in sorted(repeats.items())  # one lock order for every writer
        ]
        if rows:
            with self._datastore.transaction(commit=True) as cursor:
                cursor.executemany(self._upsert, rows)

    def repeats(self, partner: str, event_ids: Iterable[str]) -> dict[str, Repeats]:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(self._select, (partner, list(event_ids)))
            return {
                row["event_id"]: Repeats(
                    row["repeats"], Receipt(row["last_received_at"], row["last_key_id"])
                )
                for row in cursor.fetchall()
            }


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    # SQLite limits the number of parameters of one statement.
    for start in range(0, len(items), size):
        yield items[start : start + size]
