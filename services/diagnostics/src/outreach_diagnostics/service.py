"""Reads a candidate's state from the read model and diagnoses it.

A diagnosis is a pure function of the state, the day, ``known_at``, the thresholds and
the rules, so the diagnoses of a cached state are kept with it (a few days' worth, most
recent first) and a coach's or a partner's repeated request for an unchanged candidate
costs a header read (issue 11: the rules over 10,000 events take about 30 ms, their
answer 1 ms). A new event moves the header, which drops the state and its diagnoses.
"""

import threading
from datetime import date, datetime
from typing import Any

from outreach_contract.v1 import Diagnosis
from outreach_diagnostics import metrics
from outreach_diagnostics.candidate_list import Filters, Page, list_candidates
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.states import Cached, StateCache
from outreach_diagnostics.thresholds import Thresholds
from outreach_diagnostics.verdict_diff import local_today
from outreach_domain import CandidateState
from outreach_domain.summary import summarize
from outreach_platform.readmodel import ReadModel


class DiagnosticsService:
    def __init__(
        self,
        readmodel: ReadModel,
        thresholds: Thresholds,
        spelling: SpellCheck,
        cached_facts: int = 50_000,
        kept_diagnoses: int = 4,
    ) -> None:
        self._engine = readmodel.engine
        self._states = StateCache(readmodel, cached_facts)
        self._thresholds = thresholds
        self._spelling = spelling
        self._kept = kept_diagnoses  # per cached state; 0: every request is diagnosed
        self._lock = threading.Lock()

    @property
    def thresholds(self) -> Thresholds:
        return self._thresholds

    @property
    def spelling(self) -> SpellCheck:
        return self._spelling

    def state(self, partner: str, candidate_id: str) -> CandidateState | None:
        return self._states.get(partner, candidate_id)

    def candidates(self, partner: str, filters: Filters, after: str | None, limit: int) -> Page:
        """A page of the partner's candidates with their stored verdicts."""
        return list_candidates(self._engine, partner, filters, after, limit)

    def summarized(
        self, partner: str, candidate_id: str
    ) -> tuple[CandidateState, dict[str, Any]] | None:
        """The candidate's state and its summary (the funnel ``/state`` shows), kept with
        the cached state: summing 10,000 facts costs about 25 ms."""
        entry = self._states.entry(partner, candidate_id)
        if entry is None:
            return None
        with self._lock:
            found: dict[str, Any] | None = entry.derived.get("summary")
        if found is None:
            found = summarize(entry.state)
            with self._lock:
                entry.derived["summary"] = found
        return entry.state, found

    def diagnosis(
        self, partner: str, candidate_id: str, as_of: date | None, known_at: datetime | None
    ) -> Diagnosis | None:
        """The candidate's diagnosis (None: no such candidate of this partner)."""
        entry = self._states.entry(partner, candidate_id)
        if entry is None:
            return None
        day = as_of or datetime.now(entry.state.timezone).date()
        result = self._kept_diagnosis(entry, day, known_at)
        metrics.record(result)
        return result

    def current(
        self, key: tuple[str, str], now: datetime
    ) -> tuple[int, CandidateState, Diagnosis] | None:
        """The refresher's source (ADR 0018): the diagnosis as of the candidate's local
        today, with the seq it is of, kept like a request's (and not counted as served)."""
        entry = self._states.entry(*key)
        if entry is None:
            return None
        today = local_today(entry.state.timezone, now)
        return entry.seq, entry.state, self._kept_diagnosis(entry, today, None)

    def diagnose(
        self, state: CandidateState, as_of: date | None, known_at: datetime | None = None
    ) -> Diagnosis:
        day = as_of or datetime.now(state.timezone).date()
        result = diagnose(state, day, self._thresholds, self._spelling, known_at=known_at)
        metrics.record(result)
        return result

    def _kept_diagnosis(self, entry: Cached, day: date, known_at: datetime | None) -> Diagnosis:
        # known_at as written: its offset is echoed in the answer
        key = ("diagnosis", day, known_at.isoformat() if known_at else None)
        with self._lock:
            found: Diagnosis | None = entry.derived.get(key)
        if found is not None:
            return found
        made = diagnose(entry.state, day, self._thresholds, self._spelling, known_at=known_at)
        if self._kept:
            with self._lock:
                entry.derived[key] = made
                kept = [k for k in entry.derived if isinstance(k, tuple)]
                for old in kept[: max(len(kept) - self._kept, 0)]:  # the oldest made first
                    del entry.derived[old]
        return made
