"""The webhooks' metrics: attempts and their outcomes, and the endpoints disabled."""

from collections.abc import Callable

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.exc import SQLAlchemyError

FAMILIES = ("outreach_webhook_",)

ATTEMPTS = Counter(
    "outreach_webhook_attempts_total",
    "Delivery attempts by what they settled: delivered (a 2xx), retried, failed (retries "
    "exhausted).",
    ["outcome"],
)
ATTEMPT_SECONDS = Histogram(
    "outreach_webhook_attempt_duration_seconds",
    "From sending a delivery to the endpoint's answer (or the timeout).",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
ENDPOINTS_DISABLED = Counter(
    "outreach_webhook_endpoints_disabled_total",
    "Endpoints this process disabled because their deliveries kept failing, by partner.",
    ["partner"],
)
OUTCOMES = {name: ATTEMPTS.labels(name) for name in ("delivered", "retried", "failed")}


DISABLED = Gauge(
    "outreach_webhook_disabled_endpoints",
    "Webhook endpoints disabled after failing deliveries, by partner (counted in the table "
    "every few seconds: a partner's retry in another process enables one again).",
    ["partner"],
)


def refresh_disabled(counts: Callable[[], dict[str, int]]) -> None:
    """Set the gauge from the table; a partner no longer counted reads 0. An unreachable
    database leaves the last values (the readiness check reports the database)."""
    try:
        now = counts()
    except SQLAlchemyError:
        return
    shown = {labels[0] for labels in DISABLED._metrics}  # no public accessor
    for partner in shown | set(now):
        DISABLED.labels(partner).set(now.get(partner, 0))
