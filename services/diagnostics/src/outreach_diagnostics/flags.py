"""Periodically diagnoses every candidate so dashboards can show the share each reason flags."""

import logging
import threading
from collections import Counter
from datetime import datetime

from outreach_contract.v1 import ReasonSlug, Status
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.metrics import CANDIDATES, CANDIDATES_FLAGGED, DIAGNOSES_FAILED
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import CandidateState
from outreach_platform.readmodel import ReadModel

log = logging.getLogger(__name__)
_FLAGGED = (Status.PROBLEM, Status.AT_RISK)


def count_flags(
    readmodel: ReadModel, thresholds: Thresholds, spelling: SpellCheck
) -> tuple[Counter[str], Counter[tuple[str, str, str]]]:
    """Candidates per partner, and (partner, reason, status) counts of flagged verdicts."""
    candidates: Counter[str] = Counter()
    flags: Counter[tuple[str, str, str]] = Counter()
    for state in readmodel.states():
        candidates[state.partner] += 1
        try:
            today = datetime.now(state.timezone).date()
            verdicts = diagnose(state, today, thresholds, spelling).reasons
        except Exception:  # one candidate's failure must not blank every partner's gauges
            log.exception("flag gauges: diagnosing %s/%s failed; skipped", *_key(state))
            DIAGNOSES_FAILED.labels(state.partner).inc()
            continue
        for verdict in verdicts:
            if verdict.status in _FLAGGED:
                flags[(state.partner, verdict.reason.value, verdict.status.value)] += 1
    return candidates, flags


def _key(state: CandidateState) -> tuple[str, str]:
    return (state.partner, state.candidate_id)


class FlagGauges:
    """Publishes the counts; remembers which series it set, so that a series nobody is
    flagged for any more goes back to 0 instead of keeping a stale value."""

    def __init__(self) -> None:
        self._published: set[tuple[str, str, str]] = set()

    def publish(self, candidates: Counter[str], flags: Counter[tuple[str, str, str]]) -> None:
        for partner, count in candidates.items():
            CANDIDATES.labels(partner).set(count)
            # Every reason and status of a known partner exists, at 0 when nobody is
            # flagged, so dashboards show a share of 0 rather than "no data".
            for slug in ReasonSlug:
                for flagged in _FLAGGED:
                    flags.setdefault((partner, slug.value, flagged.value), 0)
        for labels in self._published - set(flags):
            CANDIDATES_FLAGGED.labels(*labels).set(0)
        for (partner, reason, status), count in flags.items():
            CANDIDATES_FLAGGED.labels(partner, reason, status).set(count)
        self._published |= set(flags)


def publish_flags(
    readmodel: ReadModel,
    thresholds: Thresholds,
    spelling: SpellCheck,
    gauges: FlagGauges | None = None,
) -> None:
    candidates, flags = count_flags(readmodel, thresholds, spelling)
    (gauges or FlagGauges()).publish(candidates, flags)


def run_flag_refresher(
    readmodel: ReadModel,
    thresholds: Thresholds,
    spelling: SpellCheck,
    stop: threading.Event,
    interval_seconds: float,
) -> None:
    gauges = FlagGauges()
    while not stop.is_set():
        try:
            publish_flags(readmodel, thresholds, spelling, gauges)
        except Exception:  # a refresh must never take the service down
            log.exception("refreshing the flagged-candidate gauges failed")
        stop.wait(interval_seconds)
