"""``GET /v1/candidates`` and the paged audit trail on the embedded default: the stored
verdicts kept current by the refresher, filtered and paged while events are posted."""

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.embedded import Embedded, running_embedded
from tests.support.factories import event
from tests.support.process import eventually

NEGATIVE = {"aspect": "photo", "sentiment": "negative"}
CROWD = 1_000


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    data = tmp_path_factory.mktemp("list")
    with running_embedded(data) as embedded:
        yield embedded


@pytest.fixture(scope="module")
def key(system: Embedded) -> str:
    return system.key("lister")


def registered(candidate_id: str, country: str) -> dict[str, Any]:
    return event("candidate.registered", {"country": country}, candidate_id=candidate_id)


def negative(candidate_id: str) -> dict[str, Any]:
    return event("feedback.received", NEGATIVE, candidate_id=candidate_id)


def post(client: httpx.Client, events: list[dict[str, Any]]) -> None:
    for start in range(0, len(events), 1_000):
        response = client.post("/v1/events", json={"events": events[start : start + 1_000]})
        assert response.status_code == 202, response.text


def all_pages(client: httpx.Client, limit: int, **filters: str) -> list[dict[str, Any]]:
    listed, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": limit, **filters}
        if cursor:
            params["cursor"] = cursor
        response = client.get("/v1/candidates", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["data"]) <= limit
        listed += body["data"]
        cursor = body["next_cursor"]
        if cursor is None:
            return listed


@pytest.fixture(scope="module")
def crowd(system: Embedded, key: str) -> list[str]:
    """1,000 candidates, every third in DE and every fifth with two negative feedbacks."""
    ids = [f"crowd-{n:04d}" for n in range(CROWD)]
    batch = [registered(c, "DE" if n % 3 == 0 else "US") for n, c in enumerate(ids)]
    batch += [negative(c) for n, c in enumerate(ids) if n % 5 == 0 for _ in (1, 2)]
    with system.client(key) as client:
        post(client, batch)
        eventually(lambda: _count(client, CROWD), timeout=180, interval=1)
    return ids


def _count(client: httpx.Client, expected: int) -> None:
    assert len(all_pages(client, 200)) == expected


def test_every_candidate_is_listed_once_with_its_seven_statuses(
    system: Embedded, key: str, crowd: list[str]
) -> None:
    with system.client(key) as client:
        listed = all_pages(client, 77)
    assert [item["candidate_id"] for item in listed] == crowd  # in id order, once each
    assert all(len(item["reasons"]) == 7 for item in listed)


def test_filters_select_by_reason_status_and_country(
    system: Embedded, key: str, crowd: list[str]
) -> None:
    flagged = {c for n, c in enumerate(crowd) if n % 5 == 0}
    germans = {c for n, c in enumerate(crowd) if n % 3 == 0}
    with system.client(key) as client:
        problem = all_pages(client, 200, reason="presentation", status="problem")
        assert {item["candidate_id"] for item in problem} == flagged
        assert {i["reasons"]["presentation"] for i in problem} == {"problem"}
        anywhere = all_pages(client, 200, status="problem")
        assert flagged <= {item["candidate_id"] for item in anywhere}
        german = all_pages(client, 200, country="DE", reason="presentation", status="problem")
        assert {item["candidate_id"] for item in german} == flagged & germans
        later = client.get("/v1/candidates", params={"changed_since": "2999-01-01T00:00:00Z"})
        assert later.status_code == 422  # beyond the bounds: a problem, not an empty page
        since = all_pages(client, 200, changed_since="2000-01-01T00:00:00Z")
        assert {item["candidate_id"] for item in since} >= set(crowd)


def test_paging_while_events_flip_verdicts_skips_and_repeats_nobody(
    system: Embedded, key: str, crowd: list[str]
) -> None:
    stop = threading.Event()

    def write() -> None:
        with system.client(key) as writer:
            n = 1
            while not stop.is_set() and n < CROWD:
                post(writer, [negative(crowd[m]) for m in range(n, min(n + 50, CROWD))] * 2)
                n += 50

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with system.client(key) as client:
            listed = all_pages(client, 13)
    finally:
        stop.set()
        writer.join()
    assert [item["candidate_id"] for item in listed] == crowd


def test_another_partners_candidates_are_never_listed(
    system: Embedded, key: str, crowd: list[str]
) -> None:
    other = system.key("lister-other")
    with system.client(other) as client:
        post(client, [registered("theirs-1", "US")])
        listed = eventually(lambda: _one(client))
    assert [item["candidate_id"] for item in listed] == ["theirs-1"]
    with system.client(key) as mine:
        cursor = mine.get("/v1/candidates", params={"limit": 1}).json()["next_cursor"]
    with system.client(other) as client:
        foreign = client.get("/v1/candidates", params={"cursor": cursor})
    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["field"] == "cursor"


def _one(client: httpx.Client) -> list[dict[str, Any]]:
    listed = all_pages(client, 10)
    assert len(listed) == 1
    return listed


def test_the_list_needs_the_diagnoses_read_scope(system: Embedded) -> None:
    writer = system.key("lister", scopes="events:write")
    with system.client(writer) as client:
        response = client.get("/v1/candidates")
    assert response.status_code == 403
    assert "diagnoses:read" in response.json()["detail"]
    with httpx.Client(base_url=system.server.url) as anonymous:
        assert anonymous.get("/v1/candidates").status_code == 401


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"reason": "bad_luck"}, "reason"),
        ({"status": "fine"}, "status"),
        ({"changed_since": "2026-11-02T09:00:00"}, "changed_since"),
        ({"country": "usa"}, "country"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_parameters_are_a_422_naming_the_field(
    system: Embedded, key: str, params: dict[str, str], field: str
) -> None:
    with system.client(key) as client:
        response = client.get("/v1/candidates", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in {e["field"].rsplit(".", 1)[-1] for e in response.json()["errors"]}


def test_an_edited_cursor_is_refused(system: Embedded, key: str, crowd: list[str]) -> None:
    with system.client(key) as client:
        cursor = client.get("/v1/candidates", params={"limit": 2}).json()["next_cursor"]
        edited = cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BB")
        response = client.get("/v1/candidates", params={"cursor": edited})
    assert response.status_code == 422


def test_the_audit_trail_pages_and_keeps_its_old_shape_without_limit(
    system: Embedded, key: str
) -> None:
    events = [negative("trail-1") for _ in range(7)]
    with system.client(key) as client:
        post(client, events)
        whole = client.get("/v1/candidates/trail-1/events").json()
        assert whole["next_cursor"] is None
        assert len(whole["events"]) == 7
        pages, cursor = [], None
        while True:
            params: dict[str, Any] = {"limit": 3} | ({"cursor": cursor} if cursor else {})
            body = client.get("/v1/candidates/trail-1/events", params=params).json()
            pages.append(len(body["events"]))
            pages_events = body["events"]
            whole["events"] = [e for e in whole["events"] if e not in pages_events]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert pages == [3, 3, 1]
        assert whole["events"] == []  # every event came on exactly one page
        post(client, [negative("trail-2")])
        first = client.get("/v1/candidates/trail-1/events", params={"limit": 3}).json()
        foreign = client.get(
            "/v1/candidates/trail-2/events", params={"cursor": first["next_cursor"]}
        )
        too_many = client.get("/v1/candidates/trail-1/events", params={"limit": 201})
    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["field"] == "cursor"
    assert too_many.status_code == 422
