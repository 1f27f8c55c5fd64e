"""Writes a rebuilt read model: the live projection's fold and tables, written sparingly.

The live projection appends every small batch, because readers want it fresh. A replay
has no reader waiting, so it holds each candidate's events in memory and folds and
appends the candidate once: when the replay ends, or earlier when more than
``memory_events`` events are held, for the candidates least recently active (a candidate
whose search has ended gets no more events, so it is written once). The rows are what
the projection's ``ProjectionStore.apply`` writes but for the order facts were stored in
(``seq``) and when (tests/unit/replay/test_writer.py holds them to it); the feed
positions go in with the last states, in one transaction, so a store is complete exactly
when it has positions. An event the fold cannot apply stops its candidate there, as the
live projection's quarantine does (``outreach_domain.guarded``): the rebuilt state is
the state without it and without the candidate's later events, so the digests still
match while it waits, and the replay goes on with everyone else.
"""

from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from outreach_contract.v1 import RecordedEvent
from outreach_contract.v1.personal import StoredRecord
from outreach_domain import empty_state
from outreach_domain.digest import StateKey
from outreach_domain.guarded import fold_guarded
from outreach_platform import verdicts
from outreach_platform.database import create_schema, read_only
from outreach_platform.personal.vault import Vault
from outreach_platform.readmodel import (
    TABLES,
    Appended,
    append,
    candidate_states,
    feed_positions,
    headers,
    in_feed_order,
    stored_ids,
)
from outreach_platform.sql import upsert


class ReplayWriter:
    def __init__(
        self, engine: Engine, memory_events: int = 250_000, vault: Vault | None = None
    ) -> None:
        # The target is a store of its own: only its tables (and the verdicts a replay
        # derives from them, ADR 0013).
        create_schema(engine, (*TABLES, *verdicts.TABLES))
        self.engine = engine
        self.applied = 0  # events new to their candidate's state (not redeliveries)
        self.quarantined = 0  # events set aside: a failing one, and its candidate's later ones
        self._blocked: set[StateKey] = set()  # candidates stopped at an event that fails
        self._limit = memory_events
        self._held: OrderedDict[StateKey, list[RecordedEvent]] = OrderedDict()  # oldest first
        self._count = 0
        self._stored: set[StateKey] = set()  # candidates written once already
        self._positions: dict[str, int] = {}
        self._vault = vault  # opens sealed records with the live key ring (None: clear only)
        self.skipped = 0  # events of erased candidates: left out, as the live projection does

    def is_fresh(self) -> bool:
        """True when the store holds no state and no position: safe to rebuild into."""
        with read_only(self.engine).connect() as conn:
            states = conn.execute(select(func.count()).select_from(candidate_states)).scalar()
            feeds = conn.execute(select(func.count()).select_from(feed_positions)).scalar()
        return not states and not feeds

    def add(self, records: Sequence[StoredRecord], positions: dict[str, int]) -> None:
        for item in self._open(records):
            key = (item.partner, item.event.candidate_id)
            held = self._held.get(key)
            if held is None:
                self._held[key] = [item]
            else:
                held.append(item)
                self._held.move_to_end(key)
            self._count += 1
        self._positions.update(positions)
        if self._count > self._limit:
            self._write(self._quietest(self._count - self._limit * 3 // 4), {})

    def _open(self, records: Sequence[StoredRecord]) -> list[RecordedEvent]:
        """The one place the replay opens what it reads (ADR 0015)."""
        if self._vault is None:
            plain = [r for r in records if isinstance(r, RecordedEvent)]
        else:
            plain = self._vault.open(records).events
        self.skipped += len(records) - len(plain)
        return plain

    def finish(self) -> int:
        """Write every candidate still held, and the positions reached; returns ``applied``."""
        self._write(list(self._held), self._positions)
        self._positions = {}
        return self.applied

    def _quietest(self, events: int) -> list[StateKey]:
        """The least recently active candidates holding at least ``events`` events (down to
        three quarters of the limit, so that writes come in large batches)."""
        chosen = []
        for key, items in self._held.items():
            if events <= 0:
                break
            chosen.append(key)
            events -= len(items)
        return chosen

    def _write(self, keys: list[StateKey], positions: dict[str, int]) -> None:
        now, appended = datetime.now(UTC), []
        with self.engine.begin() as conn:
            again = [key for key in keys if key in self._stored]  # written once already
            before = headers(conn, again)
            wanted = ((*key, str(item.event.event_id)) for key in again for item in self._held[key])
            stored = stored_ids(conn, wanted)
            for key in keys:
                items = self._held.pop(key)
                self._count -= len(items)
                if key in self._blocked:
                    self.quarantined += len(items)
                    continue
                fresh = [i for i in items if (*key, str(i.event.event_id)) not in stored]
                guarded = fold_guarded(empty_state(*key), fresh)  # one fold and sort per write
                if guarded.failure is not None:
                    self._blocked.add(key)
                    self.quarantined += 1 + len(guarded.held)
                self.applied += len(guarded.state.facts)
                facts = in_feed_order(guarded.state.facts, fresh)
                appended.append(Appended(key, before.get(key), facts))
            append(conn, appended, now)
            upsert(conn, feed_positions, [{"feed": f, "position": p} for f, p in positions.items()])
        self._stored.update(keys)
