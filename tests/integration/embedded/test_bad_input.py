"""Every malformed request gets a 4xx naming the field and the problem; nothing is stored."""

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.embedded import Embedded
from tests.support.factories import event, sent

Body = dict[str, Any]


def _good(candidate_id: str) -> Body:
    return {
        "events": [
            sent("c0", candidate_id=candidate_id),
            event("lead.created", {"company": "Initech"}, candidate_id=candidate_id),
            sent("c1", candidate_id=candidate_id),
        ]
    }


def _set(path: str, value: Any) -> Callable[[Body], None]:
    def mutate(body: Body) -> None:
        *parents, last = path.split(".")
        target: Any = body["events"][2]
        for part in parents:
            target = target[part]
        target[last] = value

    return mutate


def _drop(path: str) -> Callable[[Body], None]:
    def mutate(body: Body) -> None:
        *parents, last = path.split(".")
        target: Any = body["events"][2]
        for part in parents:
            target = target[part]
        del target[last]

    return mutate


CASES: list[tuple[str, Callable[[Body], None], str]] = [
    ("wrong type of value", _set("data.channel", 7), "events[2].data.channel"),
    ("unknown enum", _set("data.channel", "carrier_pigeon"), "events[2].data.channel"),
    ("unknown event type", _set("type", "contact.deleted"), "events[2].type"),
    ("missing type", _drop("type"), "events[2].type"),
    (
        "timestamp without offset",
        _set("occurred_at", "2026-11-02T10:00:00"),
        "events[2].occurred_at",
    ),
    ("not a timestamp", _set("occurred_at", "last Tuesday"), "events[2].occurred_at"),
    (
        "far future",
        _set("occurred_at", (datetime.now(UTC) + timedelta(days=3)).isoformat()),
        "events[2].occurred_at",
    ),
    ("event id not a UUID", _set("event_id", "42"), "events[2].event_id"),
    ("missing required data field", _drop("data.contact_id"), "events[2].data.contact_id"),
    ("missing envelope field", _drop("candidate_id"), "events[2].candidate_id"),
    ("candidate id too long", _set("candidate_id", "c" * 129), "events[2].candidate_id"),
    ("unknown field", _set("data.mood", "sunny"), "events[2].data.mood"),
    ("partner in the body", _set("partner", "globex"), "events[2].partner"),
    (
        "oversize text",
        lambda b: b["events"][2].update(
            type="presentation.submitted", data={"asset": "resume", "text": "x" * 100_001}
        ),
        "events[2].data.text",
    ),
    ("1,001 events", lambda b: b.update(events=b["events"] * 334), "events"),
    ("no events", lambda b: b.update(events=[]), "events"),
    ("events not a list", lambda b: b.update(events={"a": 1}), "events"),
]


@pytest.mark.parametrize(("name", "mutate", "field"), CASES, ids=[c[0] for c in CASES])
def test_malformed_batches_are_refused_whole(
    shared_embedded: Embedded,
    shared_key: str,
    name: str,
    mutate: Callable[[Body], None],
    field: str,
) -> None:
    candidate = "bad-" + name.replace(" ", "-").replace(",", "")
    body = copy.deepcopy(_good(candidate))
    mutate(body)
    with shared_embedded.client(shared_key) as client:
        response = client.post("/v1/events", json=body)
        assert response.status_code == 422, response.text
        problems = response.json()["errors"]
        assert field in [p["field"] for p in problems], problems
        assert all(p["problem"] for p in problems)
        assert field in response.json()["detail"]
        # Nothing of the batch is stored: the candidate is unknown.
        assert client.get(f"/v1/candidates/{candidate}/events").status_code == 404
        assert client.post("/v1/events", json=_good(candidate)).status_code == 202
        assert client.get(f"/v1/candidates/{candidate}/events").status_code == 200


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"events=1", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
        (b"[1, 2]", "application/json"),
    ],
)
def test_bodies_that_are_not_a_json_object_are_refused(
    shared_embedded: Embedded, shared_key: str, content: bytes, content_type: str
) -> None:
    with shared_embedded.client(shared_key) as client:
        response = client.post(
            "/v1/events", content=content, headers={"Content-Type": content_type}
        )
        assert 400 <= response.status_code < 500
        assert response.json()["errors"][0]["problem"]


def test_a_reused_event_id_with_other_content_is_409_and_stores_nothing(embedded: Embedded) -> None:
    with embedded.client(embedded.key()) as client:
        original = sent("c1")
        assert client.post("/v1/events", json={"events": [original]}).status_code == 202
        changed = {**original, "data": {"contact_id": "c1", "channel": "phone"}}
        elsewhere = {**original, "candidate_id": "cand-2"}
        fresh = sent("c2")
        for reused in (changed, elsewhere):
            response = client.post("/v1/events", json={"events": [fresh, reused]})
            assert response.status_code == 409, response.text
            assert response.json()["errors"][0]["field"] == "events[1].event_id"
            assert original["event_id"] in response.json()["detail"]
        trail = client.get("/v1/candidates/cand-1/events").json()["events"]
        assert [e["event"]["event_id"] for e in trail] == [original["event_id"]]
        assert client.get("/v1/candidates/cand-2/events").status_code == 404


def test_a_body_over_the_size_limit_is_413_and_stores_nothing(
    shared_embedded: Embedded, shared_key: str
) -> None:
    text = "word " * 19_000  # under the 100 kB a text may have
    events = [
        event("presentation.submitted", {"asset": "resume", "text": text}, candidate_id="huge")
        for _ in range(250)
    ]
    with shared_embedded.client(shared_key) as client:
        response = client.post("/v1/events", json={"events": events})
        assert response.status_code == 413
        assert response.json()["errors"][0]["field"] == "body"
        assert client.get("/v1/candidates/huge/events").status_code == 404


def test_readiness_reports_a_reachable_database(shared_embedded: Embedded) -> None:
    with shared_embedded.client("x") as client:
        assert client.get("/readyz").json() == {"status": "ready"}


def test_an_id_repeated_inside_a_batch_is_accepted_once(
    shared_embedded: Embedded, shared_key: str
) -> None:
    body = _good("repeat-inside")
    body["events"].append(copy.deepcopy(body["events"][0]))
    with shared_embedded.client(shared_key) as client:
        response = client.post("/v1/events", json=body)
        assert response.status_code == 202, response.text
        last = len(body["events"]) - 1
        assert response.json() == {
            "accepted": last, "duplicates": 1, "duplicate_indexes": [last],
        }  # fmt: skip
        trail = client.get("/v1/candidates/repeat-inside/events").json()["events"]
        assert len(trail) == last
        assert len(trail[0]["receipts"]) == 2


def test_an_id_repeated_inside_a_batch_with_other_content_is_a_conflict(
    shared_embedded: Embedded, shared_key: str
) -> None:
    body = _good("repeat-changed")
    body["events"][2].update(event_id=body["events"][0]["event_id"])
    with shared_embedded.client(shared_key) as client:
        response = client.post("/v1/events", json=body)
        assert response.status_code == 409, response.text
        assert response.headers["content-type"] == "application/problem+json"
        [problem] = response.json()["errors"]
        assert problem["field"] == "events[2].event_id"
        assert "event 0" in problem["problem"]
        assert client.get("/v1/candidates/repeat-changed/events").status_code == 404
