"""Periodically diagnoses every candidate so dashboards can show the share each reason flags."""

import logging
import threading
from collections import Counter
from datetime import datetime

from outreach_contract.v1 import ReasonSlug, Status
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.metrics import CANDIDATES, CANDIDATES_FLAGGED
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
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
        today = datetime.now(state.timezone).date()
        for verdict in diagnose(state, today, thresholds, spelling).reasons:
            if verdict.status in _FLAGGED:
                flags[(state.partner, verdict.reason.value, verdict.status.value)] += 1
    return candidates, flags


def publish_flags(readmodel: ReadModel, thresholds: Thresholds, spelling: SpellCheck) -> None:
    candidates, flags = count_flags(readmodel, thresholds, spelling)
    for partner, count in candidates.items():
        CANDIDATES.labels(partner).set(count)
        # Every reason and status of a known partner exists, at 0 when nobody is flagged,
        # so dashboards show a share of 0 rather than "no data".
        for slug in ReasonSlug:
            for flagged in _FLAGGED:
                flags.setdefault((partner, slug.value, flagged.value), 0)
    # Zero the series that are no longer flagged instead of leaving stale values behind.
    for labels in CANDIDATES_FLAGGED._metrics:
        if labels not in flags:
            CANDIDATES_FLAGGED.labels(*labels).set(0)
    for (partner, reason, status), count in flags.items():
        CANDIDATES_FLAGGED.labels(partner, reason, status).set(count)


def run_flag_refresher(
    readmodel: ReadModel,
    thresholds: Thresholds,
    spelling: SpellCheck,
    stop: threading.Event,
    interval_seconds: float,
) -> None:
    while not stop.is_set():
        try:
            publish_flags(readmodel, thresholds, spelling)
        except Exception:  # a refresh must never take the service down
            log.exception("refreshing the flagged-candidate gauges failed")
        stop.wait(interval_seconds)
