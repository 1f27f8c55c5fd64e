"""When each API key was last used, to the minute, written off the request path.

A key's first use in a minute (per process) queues one upsert on a single background
thread; the other uses of that minute cost a dictionary look-up. So authentication never
waits for a write (on SQLite a write takes the database's write lock, which a busy
projection may hold for seconds), and the table sees at most one write a minute per key
and process. A write that fails is logged and retried on the key's next use: the figure
is for operators (``outreach keys list``), not for access decisions.
"""

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, Engine, String, Table

from outreach_platform.database import METADATA
from outreach_platform.sql import UtcDateTime, upsert

RESOLUTION = timedelta(minutes=1)
_log = logging.getLogger("outreach.keys")

key_uses = Table(
    "api_key_uses",  # its own table: a store made before it gains it from create_schema
    METADATA,
    Column("key_id", String(12), primary_key=True),
    Column("last_used_at", UtcDateTime, nullable=False),
)


class LastUse:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] | None = None) -> None:
        self._engine = engine
        self._clock = clock or (lambda: datetime.now(UTC))
        self._noted: dict[str, datetime] = {}
        self._lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []

    def note(self, key_id: str) -> None:
        """The key was used now: queue a write if none was queued in the last minute."""
        now = self._clock()
        with self._lock:
            last = self._noted.get(key_id)
            if last is not None and now - last < RESOLUTION:
                return
            self._noted[key_id] = now
            if self._writer is None:
                self._writer = ThreadPoolExecutor(1, thread_name_prefix="key-last-use")
            self._pending = [f for f in self._pending if not f.done()]
            self._pending.append(self._writer.submit(self._write, key_id, now))

    def settle(self) -> None:
        """Wait for the writes queued so far."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.result()

    def _write(self, key_id: str, when: datetime) -> None:
        try:
            with self._engine.begin() as conn:
                upsert(
                    conn,
                    key_uses,
                    [{"key_id": key_id, "last_used_at": when}],
                    where=lambda new: key_uses.c.last_used_at < new.last_used_at,
                )
        except Exception:  # best effort, whatever the driver raised
            _log.warning("could not record the last use of key %s", key_id, exc_info=True)
            with self._lock:
                self._noted.pop(key_id, None)
