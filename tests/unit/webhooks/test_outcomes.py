from datetime import UTC, datetime

import pytest

from outreach_webhooks.backoff import Schedule
from outreach_webhooks.outcomes import Answer, DeliveryStatus, describe, settle

NOW = datetime(2026, 12, 1, tzinfo=UTC)
TWO_RETRIES = Schedule((1.0, 2.0))


@pytest.mark.parametrize("code", [200, 201, 202, 204, 299])
def test_any_2xx_acknowledges_and_resets_the_endpoints_failures(code: int) -> None:
    settled = settle(Answer(code), 0, 3, TWO_RETRIES, 5, NOW)
    assert (settled.status, settled.attempts, settled.consecutive_failures) == (
        DeliveryStatus.DELIVERED,
        1,
        0,
    )


@pytest.mark.parametrize("answer", [Answer(500), Answer(301), Answer(410), Answer(None, "x")])
def test_anything_else_is_retried_while_the_schedule_lasts(answer: Answer) -> None:
    settled = settle(answer, 1, 0, TWO_RETRIES, 5, NOW)
    assert settled.status is DeliveryStatus.PENDING
    assert settled.next_attempt_at is not None
    assert settled.next_attempt_at > NOW


def test_then_the_delivery_fails_and_counts_against_its_endpoint() -> None:
    settled = settle(Answer(500), 2, 1, TWO_RETRIES, 5, NOW)
    assert (settled.status, settled.consecutive_failures, settled.disable) == (
        DeliveryStatus.FAILED,
        2,
        False,
    )


def test_the_endpoint_is_disabled_at_the_nth_failed_delivery_in_a_row() -> None:
    assert settle(Answer(None), 2, 4, TWO_RETRIES, 5, NOW).disable
    assert not settle(Answer(None), 2, 3, TWO_RETRIES, 5, NOW).disable


def test_errors_are_described_in_words() -> None:
    assert describe(Answer(503)) == "the endpoint answered 503"
    assert describe(Answer(None, "no answer within 2 s")) == "no answer within 2 s"
    assert describe(Answer(200)) is None
