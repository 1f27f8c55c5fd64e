"""The webhook routes on a real app over SQLite, as the diagnostics role serves them (no
workers: nothing is sent): scopes, ownership, and the refusals that name their field."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from outreach.composition import build_app, open_database
from outreach.settings import OutreachSettings, Role
from outreach_platform.keys import KeyStore, Scope

MANAGE = (Scope.WEBHOOKS_MANAGE,)
BODY = {"url": "http://127.0.0.1:9/hook", "events": ["diagnosis.changed"]}


def _client(tmp_path: Path, allow_private: bool) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = OutreachSettings(
        data_dir=tmp_path, seed_demo=False, webhooks_allow_private=allow_private
    )
    app = build_app(settings, Role.DIAGNOSTICS)  # no `with`: no workers start
    keys = KeyStore(open_database(settings))
    made = {
        "owner": keys.create("acme", MANAGE),
        "other": keys.create("zeta", MANAGE),
        "reader": keys.create("acme", (Scope.DIAGNOSES_READ, Scope.EVENTS_WRITE)),
    }
    yield TestClient(app), {name: f"Bearer {key}" for name, key in made.items()}


@pytest.fixture
def allowing(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    yield from _client(tmp_path, allow_private=True)


@pytest.fixture
def refusing(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    yield from _client(tmp_path, allow_private=False)


def _post(client: TestClient, auth: str, body: dict[str, Any]) -> Any:
    return client.post("/v1/webhooks", json=body, headers={"Authorization": auth})


def test_a_private_address_is_refused_without_the_setting_naming_url(
    refusing: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = refusing
    answer = _post(client, auth["owner"], BODY)
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["errors"][0]["field"] == "url"
    assert "loopback" in problem["errors"][0]["problem"]
    listed = client.get("/v1/webhooks", headers={"Authorization": auth["owner"]}).json()
    assert listed == {"data": []}  # nothing stored


def test_with_the_setting_it_is_registered_with_a_secret(
    allowing: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = allowing
    answer = _post(client, auth["owner"], BODY)
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert set(created) == {"id", "url", "events", "secret"}
    assert created["secret"].startswith("whsec_")
    [listed] = client.get("/v1/webhooks", headers={"Authorization": auth["owner"]}).json()["data"]
    assert listed["id"] == created["id"]
    assert "secret" not in listed


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": BODY["url"], "events": ["diagnosis.deleted"]}, "events[0]"),
        ({"url": BODY["url"], "events": []}, "events"),
        ({"url": "ftp://127.0.0.1/x", "events": ["diagnosis.changed"]}, "url"),
        ({"events": ["diagnosis.changed"]}, "url"),
    ],
)
def test_bad_bodies_are_422_naming_the_field(
    allowing: tuple[TestClient, dict[str, str]], body: dict[str, Any], field: str
) -> None:
    client, auth = allowing
    answer = _post(client, auth["owner"], body)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == field


def test_another_partners_endpoint_is_a_404_on_every_route(
    allowing: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = allowing
    hook = _post(client, auth["owner"], BODY).json()["id"]
    other = {"Authorization": auth["other"]}
    assert client.get(f"/v1/webhooks/{hook}/deliveries", headers=other).status_code == 404
    retry = f"/v1/webhooks/{hook}/deliveries/msg_x/retry"
    assert client.post(retry, headers=other).status_code == 404
    assert client.delete(f"/v1/webhooks/{hook}", headers=other).status_code == 404
    assert client.get("/v1/webhooks", headers=other).json() == {"data": []}
    owner = {"Authorization": auth["owner"]}
    assert client.get(f"/v1/webhooks/{hook}/deliveries", headers=owner).status_code == 200


def test_without_the_scope_every_route_is_403(
    allowing: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = allowing
    hook = _post(client, auth["owner"], BODY).json()["id"]
    reader = {"Authorization": auth["reader"]}
    answers = [
        client.post("/v1/webhooks", json=BODY, headers=reader),
        client.get("/v1/webhooks", headers=reader),
        client.delete(f"/v1/webhooks/{hook}", headers=reader),
        client.get(f"/v1/webhooks/{hook}/deliveries", headers=reader),
        client.post(f"/v1/webhooks/{hook}/deliveries/msg_x/retry", headers=reader),
    ]
    assert [a.status_code for a in answers] == [403] * 5
    assert all("webhooks:manage" in a.json()["detail"] for a in answers)


@pytest.mark.parametrize("cursor", ["not-ours", "\x0c\u00ca", "ZA", "ZHg"])
def test_a_cursor_that_was_not_returned_is_422_naming_cursor(
    allowing: tuple[TestClient, dict[str, str]], cursor: str
) -> None:
    client, auth = allowing
    hook = _post(client, auth["owner"], BODY).json()["id"]
    answer = client.get(
        f"/v1/webhooks/{hook}/deliveries",
        params={"cursor": cursor},
        headers={"Authorization": auth["owner"]},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "cursor"
