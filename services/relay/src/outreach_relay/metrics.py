"""The relay's metrics: how far behind the event store it is, and how fast it publishes."""

from prometheus_client import Counter, Gauge, Histogram

FAMILIES = ("outreach_relay_",)

LAG = Gauge(
    "outreach_relay_lag_notifications",
    "Notifications recorded in the event store but not yet acknowledged by Kafka.",
)
PUBLISHED = Counter("outreach_relay_published_total", "Events published to Kafka and acknowledged.")
FAILURES = Counter(
    "outreach_relay_failures_total", "Publish attempts that failed (e.g. the broker was away)."
)
BATCH_SECONDS = Histogram(
    "outreach_relay_batch_duration_seconds",
    "Time to publish one batch and have it acknowledged.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DELAY = Histogram(
    "outreach_relay_publish_delay_seconds",
    "From an event's receipt by the intake to its acknowledgement by Kafka.",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0),
)
