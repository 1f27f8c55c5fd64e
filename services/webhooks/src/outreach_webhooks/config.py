"""What the fan-out and the deliverer are given (from OUTREACH_WEBHOOKS_* settings)."""

from dataclasses import dataclass, field
from datetime import timedelta

from outreach_webhooks.backoff import Schedule


@dataclass(frozen=True)
class WebhookConfig:
    allow_private: bool = False
    send: bool = True
    schedule: Schedule = field(default_factory=Schedule)
    disable_after: int = 5
    timeout_seconds: float = 10.0
    concurrency: int = 32
    per_endpoint: int = 1
    public_url: str | None = None
    gap_grace: timedelta = timedelta(seconds=60)
    idle_seconds: float = 0.1

    @property
    def lease(self) -> timedelta:
        """How long a claim holds: the attempt's timeout three times over, so that a
        delivery is sent twice only when its deliverer died (or stalled that long)."""
        return timedelta(seconds=3 * self.timeout_seconds + 5)
