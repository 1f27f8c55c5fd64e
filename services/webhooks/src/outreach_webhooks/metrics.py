"""The webhooks' metrics: attempts and their outcomes, and the endpoints disabled."""

import math
from collections.abc import Callable, Iterator

from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
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


class DisabledEndpoints(Collector):
    """``outreach_webhook_disabled_endpoints{partner}``, counted in the table at each
    scrape (a restart, or a partner's retry, changes it elsewhere). An unreachable
    database reads as NaN rather than failing the scrape."""

    def __init__(self, counts: Callable[[], dict[str, int]]) -> None:
        self._counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "outreach_webhook_disabled_endpoints",
            "Webhook endpoints disabled after failing deliveries (read from the table).",
            labels=["partner"],
        )
        try:
            counts = self._counts()
        except SQLAlchemyError:
            family.add_metric([""], math.nan)
        else:
            for partner, count in sorted(counts.items()):
                family.add_metric([partner], count)
        yield family


_watched: list[DisabledEndpoints] = []


def watch_disabled(counts: Callable[[], dict[str, int]]) -> None:
    """Register the gauge once per process (the embedded one builds its parts once)."""
    if _watched:
        REGISTRY.unregister(_watched.pop())
    collector = DisabledEndpoints(counts)
    REGISTRY.register(collector)
    _watched.append(collector)
