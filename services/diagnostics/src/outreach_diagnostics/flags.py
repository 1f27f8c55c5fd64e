"""The flag gauges: how many candidates each reason flags, counted from the stored verdicts.

An SQL count over ``candidate_verdicts`` (ADR 0013): the refresher keeps the verdicts
current, so a gauge refresh diagnoses nobody, and its cost is one indexed count rather
than a diagnosis of every candidate.
"""

import logging
import threading
from collections import Counter

from sqlalchemy import Engine, func, select

from outreach_contract.v1 import ReasonSlug, Status
from outreach_diagnostics.metrics import CANDIDATES, CANDIDATES_FLAGGED
from outreach_platform.database import read_only
from outreach_platform.verdicts import candidate_verdicts, verdict_heads

log = logging.getLogger(__name__)
_FLAGGED = (Status.PROBLEM, Status.AT_RISK)


def count_flags(engine: Engine) -> tuple[Counter[str], Counter[tuple[str, str, str]]]:
    """Candidates with verdicts per partner, and (partner, reason, status) counts of
    flagged verdicts."""
    h, v = verdict_heads, candidate_verdicts
    per_partner = select(h.c.partner, func.count()).group_by(h.c.partner)
    flagged = (
        select(v.c.partner, v.c.reason, v.c.status, func.count())
        .where(v.c.status.in_([s.value for s in _FLAGGED]))
        .group_by(v.c.partner, v.c.reason, v.c.status)
    )
    with read_only(engine).connect() as conn:
        candidates = Counter({row[0]: row[1] for row in conn.execute(per_partner)})
        flags = Counter({(r[0], r[1], r[2]): r[3] for r in conn.execute(flagged)})
    return candidates, flags


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


def publish_flags(engine: Engine, gauges: FlagGauges | None = None) -> None:
    candidates, flags = count_flags(engine)
    (gauges or FlagGauges()).publish(candidates, flags)


def run_flag_refresher(engine: Engine, stop: threading.Event, interval_seconds: float) -> None:
    gauges = FlagGauges()
    while not stop.is_set():
        try:
            publish_flags(engine, gauges)
        except Exception:  # a refresh must never take the service down
            log.exception("refreshing the flagged-candidate gauges failed")
        stop.wait(interval_seconds)
