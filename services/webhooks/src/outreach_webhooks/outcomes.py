"""What one attempt's answer does to its delivery and its endpoint. Pure: no I/O.

Any 2xx acknowledges (Standard Webhooks); anything else, or no answer, is retried on the
schedule and then the delivery is failed. An endpoint whose deliveries fail
``disable_after`` times in a row (each after its whole schedule) is disabled."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from outreach_webhooks.backoff import Schedule


class DeliveryStatus(StrEnum):
    """Where a delivery stands.

    - `pending`: to be sent, or to be retried at `next_attempt_at`
    - `delivered`: the endpoint answered a 2xx
    - `failed`: its retries ran out, or its endpoint was disabled; it can be re-sent
    """

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class Answer:
    status_code: int | None  # None: no HTTP answer (refused, timed out, address refused)
    error: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass(frozen=True)
class Settled:
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None  # when pending: the retry
    consecutive_failures: int  # the endpoint's, after this
    disable: bool  # the endpoint is to be disabled now


def settle(
    answer: Answer,
    attempts_before: int,
    consecutive_failures: int,
    schedule: Schedule,
    disable_after: int,
    now: datetime,
) -> Settled:
    attempts = attempts_before + 1
    if answer.acknowledged:
        return Settled(DeliveryStatus.DELIVERED, attempts, None, 0, disable=False)
    retry_at = schedule.next_attempt(attempts, now)
    if retry_at is not None:
        return Settled(
            DeliveryStatus.PENDING, attempts, retry_at, consecutive_failures, disable=False
        )
    failures = consecutive_failures + 1
    return Settled(
        DeliveryStatus.FAILED, attempts, None, failures, disable=failures >= disable_after
    )


def describe(answer: Answer) -> str | None:
    """The error recorded for a failed attempt, in words."""
    if answer.acknowledged:
        return None
    if answer.status_code is not None:
        return f"the endpoint answered {answer.status_code}"
    return answer.error or "no answer"
