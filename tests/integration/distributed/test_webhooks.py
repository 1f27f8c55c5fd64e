"""Webhooks on the distributed topology: events through the intake, Kafka and the
projection, the verdict refresh in the diagnostics, and two ``webhooks`` processes that
fan out and deliver to a real receiver. Every message is signed (checked with the
``standardwebhooks`` library); each change reaches the receiver once per webhook-id
while both deliverers run, and after one is killed (``kill -9``) mid-delivery."""

from typing import Any

import pytest
from standardwebhooks import Webhook

from tests.support.factories import event, sent
from tests.support.process import eventually
from tests.support.receiver import Receiver, running_receiver
from tests.support.stack import Stack

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]
SCOPES = "events:write,diagnoses:read,webhooks:manage"
WEBHOOKS = {
    "OUTREACH_WEBHOOKS_ALLOW_PRIVATE": "true",  # the receiver is on 127.0.0.1
    "OUTREACH_WEBHOOKS_TIMEOUT_SECONDS": "1",  # a killed deliverer's claims last 8 s
    "OUTREACH_WEBHOOKS_PER_ENDPOINT": "4",
}


def test_two_deliverers_deliver_each_change_once_and_survive_a_kill(stack: Stack) -> None:
    stack.env.update(WEBHOOKS)
    for role in ("intake", "projection", "diagnostics"):
        stack.start(role)
    stack.start("webhooks")
    stack.start("webhooks", name="webhooks-2")
    key = stack.key("acme", SCOPES)
    with running_receiver() as receiver:
        with stack.client(key, "diagnostics") as diagnostics:
            answer = diagnostics.post(
                "/v1/webhooks", json={"url": receiver.url, "events": ["diagnosis.changed"]}
            )
        assert answer.status_code == 201, answer.text
        secret = answer.json()["secret"]
        _post(stack, key, "dist-1")
        eventually(lambda: _about(receiver, secret, "dist-1", 7), timeout=90)
        assert len(receiver.ids()) == len(set(receiver.ids()))  # no delivery sent twice

        receiver.pause_seconds = 30.0  # the next request hangs: its deliverer is killed
        _post(stack, key, "dist-2")
        eventually(lambda: _about(receiver, secret, "dist-2", 1), timeout=90)
        stack.kill("webhooks")
        stack.kill("webhooks-2")
        stack.restart("webhooks", crash=True)
        messages = eventually(lambda: _about(receiver, secret, "dist-2", 7), timeout=90)
    assert {m["data"]["from"] for m in messages} == {None}
    assert len({m["data"]["reason"] for m in messages}) == 7


def _post(stack: Stack, key: str, candidate: str) -> None:
    batch = [
        event("candidate.registered", {"country": "US"}, candidate_id=candidate),
        sent("pat", candidate_id=candidate),
    ]
    with stack.client(key) as intake:
        answer = intake.post("/v1/events", json={"events": batch})
    assert answer.status_code == 202, answer.text


def _about(receiver: Receiver, secret: str, candidate: str, n: int) -> list[Any]:
    """The verified messages about ``candidate``, one per webhook-id, once at least ``n``
    (a request is recorded as it arrives, before it is answered)."""
    seen: dict[str, Any] = {}
    for message in list(receiver.received):
        body = Webhook(secret).verify(message.body, message.headers)
        if body["data"]["candidate_id"] == candidate:
            seen.setdefault(message.headers["webhook-id"], body)
    assert len(seen) >= n, seen
    return list(seen.values())
