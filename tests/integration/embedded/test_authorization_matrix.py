"""Who may call every route that takes a candidate id or a webhook id: the authorization
matrix.

The routes come from the server's own OpenAPI (every operation with ``{candidate_id}`` or
``{webhook_id}`` in its path, and the scope its security requirement names), so a route
added later is in the matrix without a change here. One partner owns the candidate and
the webhook; for each route:

- no key: 401, before anything about the candidate is looked at;
- the owner's key without the route's scope (every other scope): 403;
- another partner's key, with every scope: 404, a problem that shows none of the owner's data;
- the owner's key: 2xx.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from outreach_platform.keys import Scope
from tests.support.embedded import Embedded
from tests.support.factories import event, sent
from tests.support.process import eventually

CANDIDATE = "matrix-cand"
OWNER, OTHER = "matrix-owner", "matrix-other"
ALL = ",".join(s.value for s in Scope)
SAFE_METHODS = ("get", "head", "options")
# The routes the matrix must find: were the OpenAPI scan to find none, nothing is tested.
KNOWN = {
    ("get", "/v1/candidates/{candidate_id}/events"),
    ("get", "/v1/candidates/{candidate_id}/state"),
    ("get", "/v1/candidates/{candidate_id}/diagnosis"),
    ("get", "/v1/candidates/{candidate_id}/export"),
    ("delete", "/v1/candidates/{candidate_id}"),
    ("get", "/v1/webhooks/{webhook_id}/deliveries"),
    ("post", "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry"),
    ("delete", "/v1/webhooks/{webhook_id}"),
    ("get", "/v1/candidates/{candidate_id}/next-actions"),
    ("get", "/v1/candidates/{candidate_id}/what-if"),
    ("get", "/v1/candidates/{candidate_id}/report"),
}
OWNED = ("{candidate_id}", "{webhook_id}")
webhook: dict[str, str] = {}  # the owner's webhook id, once registered


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    scope: Scope

    @property
    def path(self) -> str:
        path = self.template.replace("{candidate_id}", CANDIDATE)
        path = path.replace("{webhook_id}", webhook.get("id", "ep_missing"))
        return path.replace("{delivery_id}", "msg_none")

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.template} ({self.scope})"


def candidate_routes(openapi: dict[str, Any]) -> list[Route]:
    """Every operation on a candidate, safe methods first (an erasure must come last)."""
    routes = []
    for template, operations in openapi["paths"].items():
        if not any(owned in template for owned in OWNED):
            continue
        for method, operation in operations.items():
            [requirement] = operation["security"]  # one scheme: the bearer key
            [scope] = requirement["HTTPBearer"]  # and exactly one scope per route
            routes.append(Route(method, template, Scope(scope)))
    return sorted(routes, key=lambda r: (r.method not in SAFE_METHODS, r.template, r.method))


@pytest.fixture(scope="module")
def matrix(shared_embedded: Embedded) -> tuple[list[Route], dict[str, str]]:
    system = shared_embedded
    wanted = {OWNER: (OWNER, ALL), OTHER: (OTHER, ALL)}
    for scope in Scope:
        wanted[scope.value] = (OWNER, ",".join(s.value for s in Scope if s is not scope))
    with ThreadPoolExecutor(2) as pool:  # each ``outreach keys create`` takes seconds
        made = pool.map(lambda args: system.key(*args), wanted.values())
        keys = dict(zip(wanted, made, strict=True))
    batch = [
        event("candidate.registered", {"country": "US"}, candidate_id=CANDIDATE),
        sent("pat", candidate_id=CANDIDATE),
    ]
    with system.client(keys[OWNER]) as owner:
        assert owner.post("/v1/events", json={"events": batch}).status_code == 202
        eventually(lambda: _status(owner.get(f"/v1/candidates/{CANDIDATE}/state"), 200))
        hook = {"url": "http://127.0.0.1:9/hook", "events": ["diagnosis.changed"]}
        created = owner.post("/v1/webhooks", json=hook)
        assert created.status_code == 201, created.text
        webhook["id"] = created.json()["id"]
        routes = candidate_routes(owner.get("/openapi.json").json())
    return routes, keys


def _status(response: httpx.Response, expected: int) -> None:
    assert response.status_code == expected, response.text


def _call(system: Embedded, route: Route, key: str | None) -> httpx.Response:
    with httpx.Client(base_url=system.server.url, timeout=30) as client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return client.request(route.method, route.path, headers=headers)


def test_the_matrix_covers_every_known_candidate_route(
    matrix: tuple[list[Route], dict[str, str]],
) -> None:
    routes, _ = matrix
    assert {(r.method, r.template) for r in routes} >= KNOWN


def test_without_a_key_every_candidate_route_is_401(
    shared_embedded: Embedded, matrix: tuple[list[Route], dict[str, str]]
) -> None:
    routes, _ = matrix
    answers = {str(r): _call(shared_embedded, r, None).status_code for r in routes}
    assert answers == {str(r): 401 for r in routes}


def test_without_the_routes_scope_every_candidate_route_is_403(
    shared_embedded: Embedded, matrix: tuple[list[Route], dict[str, str]]
) -> None:
    routes, keys = matrix
    answers = {}
    for route in routes:
        response = _call(shared_embedded, route, keys[route.scope.value])
        answers[str(route)] = response.status_code
        if response.status_code == 403:
            assert route.scope.value in response.json()["detail"], route
    assert answers == {str(r): 403 for r in routes}


def test_another_partners_key_gets_404_and_none_of_the_owners_data(
    shared_embedded: Embedded, matrix: tuple[list[Route], dict[str, str]]
) -> None:
    routes, keys = matrix
    answers = {}
    for route in routes:
        response = _call(shared_embedded, route, keys[OTHER])
        answers[str(route)] = response.status_code
        if response.status_code == 404:
            body = response.json()
            assert response.headers["content-type"] == "application/problem+json"
            assert set(body) <= {"type", "title", "status", "detail", "request_id", "errors"}
            for owners_data in ("pat", "US", "email"):
                assert owners_data not in response.text, route
    assert answers == {str(r): 404 for r in routes}


# The partner-wide list (no candidate id in its path): scope, and only the key's partner.
LIST = Route("get", "/v1/candidates", Scope.DIAGNOSES_READ)


def test_the_candidate_list_is_scoped_and_shows_only_the_keys_partner(
    shared_embedded: Embedded, matrix: tuple[list[Route], dict[str, str]]
) -> None:
    _, keys = matrix
    assert _call(shared_embedded, LIST, None).status_code == 401
    assert _call(shared_embedded, LIST, keys[Scope.DIAGNOSES_READ.value]).status_code == 403

    def listed(key: str) -> list[str]:
        response = _call(shared_embedded, LIST, key)
        assert response.status_code == 200, response.text
        return [item["candidate_id"] for item in response.json()["data"]]

    assert eventually(lambda: _listed_once(listed(keys[OWNER]))) == [CANDIDATE]
    assert CANDIDATE not in listed(keys[OTHER])


def _listed_once(ids: list[str]) -> list[str]:
    assert ids, "the refresher has not stored the owner's verdicts yet"
    return ids


def test_the_owner_gets_every_candidate_route(
    shared_embedded: Embedded, matrix: tuple[list[Route], dict[str, str]]
) -> None:
    routes, keys = matrix
    # Last of the file: the candidate's erasure (the last route) ends the matrix. A
    # webhook's delete would end it too, and its retry needs a failed delivery
    # (tests/integration/embedded/test_webhooks.py): its reads only here.
    reads = [r for r in routes if "{webhook_id}" not in r.template or r.method == "get"]
    answers = {str(r): _call(shared_embedded, r, keys[OWNER]).status_code for r in reads}
    assert all(200 <= status < 300 for status in answers.values()), answers
