"""The projection's metrics: how much it applied, how fast, and how far behind it is."""

import math
from collections.abc import Callable

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.exc import SQLAlchemyError

from outreach_platform.quarantine import Totals

FAMILIES = ("outreach_projection_",)

EVENTS_APPLIED = Counter(
    "outreach_projection_events_applied_total",
    "Events folded into the read model for the first time.",
)
EVENTS_REDELIVERED = Counter(
    "outreach_projection_events_redelivered_total",
    "Events delivered again and ignored (already in the candidate's state).",
)
APPLY_LATENCY = Histogram(
    "outreach_projection_apply_duration_seconds",
    "Time to fold one batch into the read model and commit it with its positions.",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
LAST_APPLIED = Gauge(
    "outreach_projection_last_applied_timestamp_seconds",
    "When the projection last committed a batch (Unix time); freshness is now minus this.",
)
NEWEST_EVENT_RECEIVED = Gauge(
    "outreach_projection_newest_event_received_timestamp_seconds",
    "When the newest applied event was received by the intake (Unix time).",
)
CONSUMER_LAG = Gauge(
    "outreach_projection_consumer_lag",
    "Records in the feed not yet applied, per feed partition.",
    ["feed"],
)
RECORDS_UNREADABLE = Counter(
    "outreach_projection_records_unreadable_total",
    "Kafka records that are not a recorded event of any known contract version (skipped).",
)
EVENTS_QUARANTINED = Counter(
    "outreach_projection_events_quarantined_total",
    "Events set aside because the fold could not apply them, or held behind such an event "
    "of the same candidate, by partner.",
    ["partner"],
)
QUARANTINED_EVENTS = Gauge(
    "outreach_projection_quarantined_events",
    "Events waiting in the quarantine (read from the table at each scrape).",
)
QUARANTINED_CANDIDATES = Gauge(
    "outreach_projection_quarantined_candidates",
    "Candidates with events waiting in the quarantine (read from the table at each scrape).",
)


def watch_quarantine(totals: Callable[[], Totals]) -> None:
    """Read the gauges from the quarantine table when scraped: a retry from the command
    line, another process, changes it. An unreachable database reads as NaN, not an error
    that would fail the whole scrape (the readiness check reports the database)."""

    def read(field: str) -> Callable[[], float]:
        def value() -> float:
            try:
                return float(getattr(totals(), field))
            except SQLAlchemyError:
                return math.nan

        return value

    QUARANTINED_EVENTS.set_function(read("events"))
    QUARANTINED_CANDIDATES.set_function(read("candidates"))
