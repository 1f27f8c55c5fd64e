"""Keys, scopes and ownership on every route that takes a candidate id."""

import pytest

from tests.support.embedded import Embedded
from tests.support.factories import sent
from tests.support.process import eventually

ROUTES = [
    "/v1/candidates/cand-1/events",
    "/v1/candidates/cand-1/state",
    "/v1/candidates/cand-1/diagnosis",
]


@pytest.fixture
def posted(embedded: Embedded) -> str:
    key = embedded.key("acme")
    with embedded.client(key) as client:
        assert client.post("/v1/events", json={"events": [sent("c1")]}).status_code == 202
        eventually(lambda: _ok(client.get("/v1/candidates/cand-1/state").status_code))
    return key


def _ok(status: int) -> None:
    assert status == 200


def test_without_a_key_or_with_a_wrong_one_every_route_is_401(
    embedded: Embedded, posted: str
) -> None:
    forged = posted[:-4] + ("AAAA" if not posted.endswith("AAAA") else "BBBB")
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": f"Bearer {forged}"},
    ):
        with embedded.client("x") as client:
            client.headers.clear()
            client.headers.update(headers)
            for route in ROUTES:
                assert client.get(route).status_code == 401, (route, headers)
            assert client.post("/v1/events", json={"events": [sent("c2")]}).status_code == 401


def test_another_partners_candidate_is_404_on_every_route(embedded: Embedded, posted: str) -> None:
    with embedded.client(embedded.key("globex")) as client:
        for route in ROUTES:
            response = client.get(route)
            assert response.status_code == 404, route
            assert "cand-1" in response.json()["detail"]
    with embedded.client(posted) as owner:
        for route in ROUTES:
            assert owner.get(route).status_code == 200, route


def test_the_same_candidate_id_under_two_partners_stays_apart(
    embedded: Embedded, posted: str
) -> None:
    with embedded.client(embedded.key("globex")) as other:
        assert (
            other.post("/v1/events", json={"events": [sent("z1"), sent("z2")]}).status_code == 202
        )
        eventually(lambda: _events(other.get("/v1/candidates/cand-1/state").json(), 2))
    with embedded.client(posted) as owner:
        _events(owner.get("/v1/candidates/cand-1/state").json(), 1)


def _events(body: dict[str, object], count: int) -> None:
    assert body.get("events") == count


def test_a_missing_scope_is_403_naming_it(embedded: Embedded, posted: str) -> None:
    with embedded.client(embedded.key("acme", "diagnoses:read")) as reader:
        refused = reader.post("/v1/events", json={"events": [sent("c3")]})
        assert refused.status_code == 403
        assert "events:write" in refused.json()["detail"]
        assert reader.get("/v1/candidates/cand-1/events").status_code == 403
        known_at = reader.get(
            "/v1/candidates/cand-1/diagnosis", params={"known_at": "2026-11-01T00:00:00Z"}
        )
        assert known_at.status_code == 403
        assert "audit:read" in known_at.json()["detail"]
    with embedded.client(embedded.key("acme", "events:write")) as writer:
        assert writer.get("/v1/candidates/cand-1/diagnosis").status_code == 403
        assert writer.get("/v1/candidates/cand-1/state").status_code == 403


def test_a_revoked_key_is_401(embedded: Embedded, posted: str) -> None:
    from tests.support.process import outreach

    key_id = posted.split("_")[1]
    outreach("keys", "revoke", key_id, env=embedded.env)
    with embedded.client(posted) as client:
        assert client.get(ROUTES[0]).status_code == 401
