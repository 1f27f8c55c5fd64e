"""Erasure's metrics: candidates erased (on request, by retention), and what readers skip."""

from prometheus_client import Counter, Gauge

FAMILIES = ("outreach_erasures_",)

ERASED = Counter(
    "outreach_erasures_total",
    "Candidates whose data key was destroyed, by partner and reason (request, retention).",
    ["partner", "reason"],
)
SKIPPED = Counter(
    "outreach_erasures_events_skipped_total",
    "Recorded events a reader left out because their candidate was erased.",
)
RETENTION_RUNS = Counter(
    "outreach_erasures_retention_runs_total",
    "Passes of the retention worker, by outcome.",
    ["outcome"],
)
RETENTION_LAST_RUN = Gauge(
    "outreach_erasures_retention_last_run_timestamp_seconds",
    "When the retention worker last finished a pass (Unix time).",
)
