"""Reads a candidate's state from the read model and diagnoses it."""

from datetime import date, datetime

from outreach_contract.v1 import Diagnosis
from outreach_diagnostics import metrics
from outreach_diagnostics.candidate_list import Filters, Page, list_candidates
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.states import StateCache
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import CandidateState
from outreach_platform.readmodel import ReadModel


class DiagnosticsService:
    def __init__(
        self,
        readmodel: ReadModel,
        thresholds: Thresholds,
        spelling: SpellCheck,
        cached_facts: int = 50_000,
    ) -> None:
        self._engine = readmodel.engine
        self._states = StateCache(readmodel, cached_facts)
        self._thresholds = thresholds
        self._spelling = spelling

    def state(self, partner: str, candidate_id: str) -> CandidateState | None:
        return self._states.get(partner, candidate_id)

    def candidates(self, partner: str, filters: Filters, after: str | None, limit: int) -> Page:
        """A page of the partner's candidates with their stored verdicts."""
        return list_candidates(self._engine, partner, filters, after, limit)

    def diagnose(
        self, state: CandidateState, as_of: date | None, known_at: datetime | None = None
    ) -> Diagnosis:
        day = as_of or datetime.now(state.timezone).date()
        result = diagnose(state, day, self._thresholds, self._spelling, known_at=known_at)
        metrics.record(result)
        return result
