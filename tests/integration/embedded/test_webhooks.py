"""Webhooks on the embedded server, delivered to a real HTTP receiver in the test.

One test goes through the whole pipeline (events posted, the verdict refresh logging the
changes); the others write the verdict changes to the change log (``verdict_changes``)
directly, as the verdict refresh writes them, to test everything after the log in the
server's own process: the fan-out, the deliverer's claims, signatures, retries, the
disabling of a failing endpoint, the retry route, and a crash of the process mid-way.
Every receiver checks the signature with the ``standardwebhooks`` library.
"""

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, insert, select
from standardwebhooks import Webhook

from outreach_platform.database import make_engine
from outreach_platform.verdicts import verdict_changes
from outreach_webhooks.tables import webhook_fanout
from tests.support.embedded import Embedded
from tests.support.factories import event, sent
from tests.support.process import eventually
from tests.support.receiver import Receiver, running_receiver

PARTNER = "hooked"
SCOPES = "events:write,diagnoses:read,webhooks:manage"
SETTINGS = {
    "OUTREACH_WEBHOOKS_ALLOW_PRIVATE": "true",  # the receiver is on 127.0.0.1
    "OUTREACH_WEBHOOKS_RETRY_SCHEDULE": "0.3,0.3",  # three attempts, then failed
    "OUTREACH_WEBHOOKS_DISABLE_AFTER": "2",
    "OUTREACH_WEBHOOKS_TIMEOUT_SECONDS": "1",  # a claim then holds 8 s
    "OUTREACH_PUBLIC_URL": "https://api.example",
}
_candidates = count(1)


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    embedded = Embedded(tmp_path_factory.mktemp("webhooks"))
    embedded.env.update(SETTINGS)
    embedded.server.start()
    try:
        yield embedded
    finally:
        embedded.server.stop()


@pytest.fixture(scope="module")
def key(system: Embedded) -> str:
    return system.key(PARTNER, SCOPES)


@pytest.fixture(scope="module")
def log(system: Embedded) -> Engine:
    return make_engine(f"sqlite:///{Path(system.env['OUTREACH_DATA_DIR']) / 'outreach.db'}")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def register(system: Embedded, key: str, url: str) -> dict[str, Any]:
    """The partner's only endpoint: those of earlier tests (whose receivers are gone) are
    deleted first."""
    with system.client(key) as client:
        for old in client.get("/v1/webhooks").json()["data"]:
            assert client.delete(f"/v1/webhooks/{old['id']}").status_code == 204
        response = client.post("/v1/webhooks", json={"url": url, "events": ["diagnosis.changed"]})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def change(log: Engine, to: str = "problem") -> str:
    """A verdict change of a new candidate of PARTNER, as the verdict refresh logs it."""
    candidate = f"cand-{next(_candidates)}"
    with log.begin() as conn:
        conn.execute(
            insert(verdict_changes).values(
                partner=PARTNER,
                candidate_id=candidate,
                reason="too_few_contacts",
                from_status=None,
                to_status=to,
                as_of=date(2026, 12, 1),
                rules_version="test",
                changed_at=datetime.now(UTC),
            )
        )
    return candidate


def deliveries(system: Embedded, key: str, endpoint: str) -> list[dict[str, Any]]:
    with system.client(key) as client:
        response = client.get(f"/v1/webhooks/{endpoint}/deliveries")
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


def verified(receiver: Receiver, secret: str) -> list[dict[str, Any]]:
    """Every body received, each checked against its signature headers."""
    return [Webhook(secret).verify(r.body, r.headers) for r in list(receiver.received)]


def test_a_verdict_change_is_delivered_signed(
    system: Embedded, key: str, log: Engine, receiver: Receiver
) -> None:
    hook = register(system, key, receiver.url)
    assert hook["secret"].startswith("whsec_")
    candidate = change(log)
    eventually(lambda: _received(receiver, 1))
    [body] = verified(receiver, hook["secret"])
    assert body["type"] == "diagnosis.changed"
    assert body["data"] == {
        "partner": PARTNER,
        "candidate_id": candidate,
        "reason": "too_few_contacts",
        "from": None,
        "to": "problem",
        "as_of": "2026-12-01",
        "rules_version": "test",
        "diagnosis_url": f"https://api.example/v1/candidates/{candidate}/diagnosis?as_of=2026-12-01",
    }
    [delivery] = eventually(lambda: _settled(system, key, hook["id"], "delivered"))
    assert delivery["id"] == receiver.received[0].headers["webhook-id"]
    assert [a["status_code"] for a in delivery["attempts"]] == [200]


def test_a_batch_that_flips_a_verdict_is_delivered_end_to_end(
    system: Embedded, key: str, receiver: Receiver
) -> None:
    """Through the whole pipeline: events posted, projected, the verdict refresh stores
    the verdicts and logs the changes, and the webhooks deliver them."""
    hook = register(system, key, receiver.url)
    candidate = f"flip-{next(_candidates)}"
    first = [
        event("candidate.registered", {"country": "US"}, candidate_id=candidate),
        sent("pat", candidate_id=candidate),
    ]
    _post(system, key, first)
    firsts = eventually(lambda: _about(receiver, hook, candidate, 7), timeout=60)
    assert {m["data"]["from"] for m in firsts} == {None}  # a first verdict: from null
    before = {m["data"]["reason"]: m["data"]["to"] for m in firsts}
    assert len(before) == 7
    remark = {"aspect": "photo", "sentiment": "negative", "contact_id": "pat"}
    # Two unresolved negative remarks: a problem (presentation_feedback_problem).
    _post(
        system,
        key,
        [
            event("feedback.received", remark, candidate_id=candidate),
            event("feedback.received", remark, candidate_id=candidate),
        ],
    )
    flips = eventually(lambda: _about(receiver, hook, candidate, 8), timeout=60)[7:]
    [flip] = [m for m in flips if m["data"]["reason"] == "presentation"]
    assert flip["data"]["from"] == before["presentation"]
    assert flip["data"]["to"] == "problem"


def test_a_receiver_that_fails_once_gets_the_same_message_again(
    system: Embedded, key: str, log: Engine, receiver: Receiver
) -> None:
    receiver.answers = [500]
    hook = register(system, key, receiver.url)
    change(log)
    eventually(lambda: _received(receiver, 2))
    first, second = verified(receiver, hook["secret"])
    assert first == second
    assert len(set(receiver.ids())) == 1  # one webhook-id: the receiver deduplicates by it
    [delivery] = eventually(lambda: _settled(system, key, hook["id"], "delivered"))
    assert [a["status_code"] for a in delivery["attempts"]] == [500, 200]


def test_an_endpoint_that_keeps_failing_is_disabled_and_a_retry_resends(
    system: Embedded, key: str, log: Engine, receiver: Receiver
) -> None:
    receiver.otherwise = 503
    hook = register(system, key, receiver.url)
    change(log)
    change(log)
    failed = eventually(lambda: _settled(system, key, hook["id"], "failed", 2), timeout=60)
    assert all([a["status_code"] for a in d["attempts"]] == [503] * 3 for d in failed)
    with system.client(key) as client:
        [listed] = [w for w in client.get("/v1/webhooks").json()["data"] if w["id"] == hook["id"]]
        assert listed["disabled_at"] is not None
        eventually(lambda: _metric(client, "outreach_webhook_endpoints_disabled_total", 1))
        # The gauge is counted in the table every few seconds (worker.GAUGE_SECONDS).
        eventually(lambda: _metric(client, "outreach_webhook_disabled_endpoints", 1))
    sent = len(receiver.received)
    change(log)  # a disabled endpoint is sent nothing new...
    eventually(lambda: _fanned_out(log))  # (...once the fan-out has passed the change)

    receiver.otherwise = 200
    with system.client(key) as client:
        again = client.post(f"/v1/webhooks/{hook['id']}/deliveries/{failed[0]['id']}/retry")
        assert again.status_code == 202, again.text
        twice = client.post(f"/v1/webhooks/{hook['id']}/deliveries/{failed[0]['id']}/retry")
        assert twice.status_code == 409, twice.text
    eventually(lambda: _received(receiver, sent + 1))
    assert receiver.received[-1].headers["webhook-id"] == failed[0]["id"]
    retried = next(d for d in deliveries(system, key, hook["id"]) if d["id"] == failed[0]["id"])
    assert retried["status"] == "delivered"
    with system.client(key) as client:
        [listed] = [w for w in client.get("/v1/webhooks").json()["data"] if w["id"] == hook["id"]]
    assert listed["disabled_at"] is None
    assert len(deliveries(system, key, hook["id"])) == 2  # the change while disabled: none


def test_a_crash_mid_delivery_loses_nothing(
    system: Embedded, key: str, log: Engine, receiver: Receiver
) -> None:
    receiver.pause_seconds = 30.0  # the first request hangs until the process is killed
    hook = register(system, key, receiver.url)
    first = change(log)
    eventually(lambda: _received(receiver, 1))
    others = [change(log) for _ in range(4)]
    system.restart(crash=True)  # kill -9 with one attempt in flight, four waiting
    eventually(lambda: _settled(system, key, hook["id"], "delivered", 5), timeout=60)
    bodies = verified(receiver, hook["secret"])
    assert {b["data"]["candidate_id"] for b in bodies} == {first, *others}
    by_id = {r.headers["webhook-id"] for r in receiver.received}
    assert len(by_id) == 5  # deduplicated by webhook-id: exactly one message per change


def test_deleting_an_endpoint_stops_its_deliveries(
    system: Embedded, key: str, log: Engine, receiver: Receiver
) -> None:
    hook = register(system, key, receiver.url)
    with system.client(key) as client:
        assert client.delete(f"/v1/webhooks/{hook['id']}").status_code == 204
        assert client.get(f"/v1/webhooks/{hook['id']}/deliveries").status_code == 404
        assert client.delete(f"/v1/webhooks/{hook['id']}").status_code == 404
        assert hook["id"] not in {w["id"] for w in client.get("/v1/webhooks").json()["data"]}


def _post(system: Embedded, key: str, batch: list[dict[str, Any]]) -> None:
    with system.client(key) as client:
        answer = client.post("/v1/events", json={"events": batch})
    assert answer.status_code == 202, answer.text


def _about(receiver: Receiver, hook: dict[str, Any], candidate: str, n: int) -> list[Any]:
    """The verified messages about ``candidate``, in the order received, once there are
    at least ``n`` (a message sent twice is counted once, by its webhook-id)."""
    seen: dict[str, Any] = {}
    for message in list(receiver.received):
        body = Webhook(hook["secret"]).verify(message.body, message.headers)
        if body["data"]["candidate_id"] == candidate:
            seen.setdefault(message.headers["webhook-id"], body)
    assert len(seen) >= n, seen
    return list(seen.values())


def _fanned_out(log: Engine) -> None:
    with log.connect() as conn:
        newest = conn.execute(select(func.max(verdict_changes.c.seq))).scalar()
        passed = conn.execute(select(webhook_fanout.c.seq)).scalar()
    assert passed == newest


def _metric(client: httpx.Client, name: str, value: float) -> None:
    assert f'{name}{{partner="{PARTNER}"}} {value:.1f}' in client.get("/metrics").text


def _received(receiver: Receiver, at_least: int) -> None:
    assert len(receiver.received) >= at_least


def _settled(
    system: Embedded, key: str, endpoint: str, status: str, n: int = 1
) -> list[dict[str, Any]]:
    listed = deliveries(system, key, endpoint)
    assert len(listed) == n, json.dumps(listed)
    assert all(d["status"] == status for d in listed), json.dumps(listed)
    return listed
