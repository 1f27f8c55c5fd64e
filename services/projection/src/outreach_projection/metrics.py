"""The projection's metrics: how much it applied, how fast, and how far behind it is."""

from prometheus_client import Counter, Gauge, Histogram

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
