"""Keeps the stored verdicts current (ADR 0013): a tick diagnoses, as of each one's local
today, the candidates whose state moved since the watermark and those whose local day
rolled over, and no others: its work grows with them, never with every candidate.

Several refreshers may run (one per diagnostics process): each reads the same watermark
and due heads, and a candidate's write locks its head, so two refreshers of one candidate
take turns and the second writes nothing (``verdict_diff.supersedes``). They share work
rather than divide it: more instances make the refresh more available, not faster.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from outreach_contract.v1 import Diagnosis
from outreach_diagnostics import verdict_store as store
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.metrics import DIAGNOSES_FAILED
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_diagnostics.verdict_diff import (
    from_diagnosis,
    local_today,
    next_local_midnight,
)
from outreach_diagnostics.version import RULES_VERSION
from outreach_domain import CandidateState
from outreach_domain.fold import from_facts
from outreach_platform.readmodel import CandidateKey, ReadModel

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
Diagnosed = tuple[int, CandidateState, Diagnosis]  # the seq it is of, the state, as of today
Source = Callable[[CandidateKey, datetime], Diagnosed | None]
"""A candidate's diagnosis as of its local today at a moment (None: gone from the read
model). A diagnostics process passes its service's (``DiagnosticsService.current``): the
state is then parsed only where it moved, and the first request after a new event finds
the diagnosis the refresher made (ADR 0018)."""


@dataclass
class TickStats:
    diagnosed: int = 0  # candidates diagnosed this tick
    changes: int = 0  # verdict_changes rows written
    failed: int = 0


class VerdictRefresher:
    def __init__(
        self,
        engine: Engine,
        thresholds: Thresholds,
        spelling: SpellCheck,
        *,
        clock: Clock = lambda: datetime.now(UTC),
        batch: int = 500,
        overlap: timedelta = timedelta(seconds=60),
        rules_version: str = RULES_VERSION,
        name: str = "verdicts",
        source: Source | None = None,
    ) -> None:
        self.engine, self.readmodel = engine, ReadModel(engine)
        self._thresholds, self._spelling, self._clock = thresholds, spelling, clock
        self._source = source or self._diagnosed
        self._batch, self._overlap = batch, overlap
        self._rules, self._name = rules_version, name

    def prepare(self) -> int:
        """Make every verdict of other rules due (once per rules version)."""
        return store.mark_rules(self.engine, self._name, self._rules, self._clock())

    def tick(self) -> TickStats:
        """One batch of moved and one of rolled-over candidates; call until ``diagnosed``
        is 0 to catch up."""
        now, stats = self._clock(), TickStats()
        mark, _ = store.watermark(self.engine, self._name)
        # Re-read an overlap before the watermark: a writer that stamped its rows earlier
        # but committed later is still found (ADR 0013 states the bound this assumes).
        moved = store.moved_since(self.engine, mark - self._overlap if mark else None, self._batch)
        due = dict.fromkeys(
            [m.key for m in moved] + store.rolled_over(self.engine, now, self._batch)
        )
        for key in due:
            self._refresh(key, now, stats)
        newest = max((m.updated_at for m in moved), default=None)
        if len(moved) < self._batch and (mark is None or now - mark > self._overlap):
            # Caught up: every write stamped before now less the overlap had committed
            # when this tick began, and was read. The window moves on with the clock (once
            # an overlap), so that an idle tick re-reads the last minute's writes only.
            newest = max(newest or now, now)
        if newest is not None:
            store.advance(self.engine, self._name, newest)
        return stats

    def catch_up(self) -> TickStats:
        total = TickStats()
        while (stats := self.tick()).diagnosed:
            total.diagnosed += stats.diagnosed
            total.changes += stats.changes
            total.failed += stats.failed
        return total

    def run(self, stop: threading.Event, interval_seconds: float) -> None:
        self.prepare()
        while not stop.is_set():
            try:
                busy = self.tick().diagnosed >= self._batch
            except Exception:  # a failed tick is tried again; the worker must go on
                log.exception("refreshing the stored verdicts failed")
                busy = False
            if not busy:
                stop.wait(interval_seconds)

    def _refresh(self, key: CandidateKey, now: datetime, stats: TickStats) -> None:
        for attempt in (1, 2):
            try:
                stats.changes += self._write(key, now)
                stats.diagnosed += 1
                return
            except IntegrityError:  # two refreshers wrote a first verdict at once
                if attempt == 2:
                    raise
            except Exception:  # one candidate must not stop everyone's refresh
                log.exception("diagnosing %s/%s for its stored verdicts failed", *key)
                stats.failed += 1
                DIAGNOSES_FAILED.labels(key[0]).inc()
                return

    def _write(self, key: CandidateKey, now: datetime) -> int:
        found = self._source(key, now)
        if found is None:  # the candidate is gone from the read model (erased): so are they
            with self.engine.begin() as conn:
                store.forget(conn, key)
            return 0
        seq, state, diagnosis = found
        zone = state.timezone
        verdicts = from_diagnosis(diagnosis, seq, self._rules)
        country = state.profile.country if state.profile else None
        with self.engine.begin() as conn:
            written = store.write(conn, key, verdicts, country, next_local_midnight(zone, now), now)
        return len(written)

    def _diagnosed(self, key: CandidateKey, now: datetime) -> Diagnosed | None:
        header = self.readmodel.header(*key)
        if header is None:
            return None
        state = from_facts(*key, self.readmodel.facts(*key, through=header.last_seq))
        today = local_today(state.timezone, now)
        return header.last_seq, state, diagnose(state, today, self._thresholds, self._spelling)
