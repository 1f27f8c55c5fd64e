"""The flag gauges count the stored verdicts; the refresher that stores them survives one
candidate whose diagnosis raises: logged, counted, skipped."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY

from outreach_diagnostics import flags, refresher
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.refresher import VerdictRefresher
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import CandidateState
from outreach_projection.write import ProjectionStore
from tests.support.databases import sqlite_store
from tests.support.factories import event, recorded


def test_one_failing_candidate_is_skipped_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: SpellCheck
) -> None:
    engine = sqlite_store(tmp_path / "rm.db")
    negative = {"aspect": "photo", "sentiment": "negative"}
    events = [
        recorded(event("feedback.received", negative, candidate_id=f"cand-{i % 3}"))
        for i in range(6)
    ]
    ProjectionStore(engine).apply(events, {"test": 6})

    def diagnose_or_fail(state: CandidateState, as_of: date, *args: Any, **kwargs: Any) -> Any:
        if state.candidate_id == "cand-1":
            raise OverflowError("date value out of range")
        return diagnose(state, as_of, *args, **kwargs)

    monkeypatch.setattr(refresher, "diagnose", diagnose_or_fail)
    failed = REGISTRY.get_sample_value("outreach_diagnoses_failed_total", {"partner": "acme"})
    stats = VerdictRefresher(engine, Thresholds(), spelling).tick()
    candidates, flagged = flags.count_flags(engine)

    assert (stats.diagnosed, stats.failed) == (2, 1)
    assert candidates == {"acme": 2}  # the third candidate has no stored verdicts yet
    # Two negative presentation feedbacks each: a problem.
    assert {k: v for k, v in flagged.items() if v} == {("acme", "presentation", "problem"): 2}
    now = REGISTRY.get_sample_value("outreach_diagnoses_failed_total", {"partner": "acme"})
    assert (now or 0) - (failed or 0) == 1
