"""Retention: erase the candidates of a partner that have had no event for N days.

Off unless a partner is named in ``OUTREACH_RETENTION_DAYS``. Each pass also sweeps the
read model of every erased candidate (``erasure.sweep``): a copy that came back after
an erasure (a restored backup, a write that raced it) goes again.
"""

import logging
import threading
from collections.abc import Mapping
from datetime import UTC, datetime

from outreach_platform.personal import metrics
from outreach_platform.personal.erasure import erase, quiet_candidates, sweep
from outreach_platform.personal.keys import KeyRing

log = logging.getLogger(__name__)


def retention_pass(ring: KeyRing, days_by_partner: Mapping[str, int], now: datetime) -> int:
    """Erase every candidate past its partner's retention; how many were erased."""
    erased = 0
    for partner, days in sorted(days_by_partner.items()):
        for candidate_id in quiet_candidates(ring, partner, days, now):
            erase(ring, partner, candidate_id, f"retention ({days} days)", reason="retention")
            erased += 1
    sweep(ring)
    return erased


def run_retention(
    ring: KeyRing, days_by_partner: Mapping[str, int], stop: threading.Event, interval: float
) -> None:
    while not stop.is_set():
        try:
            erased = retention_pass(ring, days_by_partner, datetime.now(UTC))
        except Exception:  # a database away for a while: try again next pass
            log.exception("retention pass failed; retrying in %.0f s", interval)
            metrics.RETENTION_RUNS.labels("failed").inc()
        else:
            metrics.RETENTION_RUNS.labels("ok").inc()
            metrics.RETENTION_LAST_RUN.set_to_current_time()
            if erased:
                log.info("retention erased %d candidates", erased)
        stop.wait(interval)
