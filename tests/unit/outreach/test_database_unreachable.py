"""A database that cannot be reached (PostgreSQL restarting) is a 503 with Retry-After on
every role, never a 500: the soak found 500s from the key lookup and the event store while
it killed PostgreSQL. The failures are injected where the drivers raise them."""

from collections.abc import Callable
from pathlib import Path

import httpx
import psycopg
import pytest
import sqlalchemy.exc
from eventsourcing.persistence import ConnectionUnavailableError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from fastapi.testclient import TestClient

from outreach.composition import build_app, open_database
from outreach.settings import OutreachSettings, Role
from outreach_intake.application import Intake
from outreach_platform.keys import KeyStore
from tests.support.factories import sent

REFUSED = psycopg.OperationalError("connection failed: Connection refused")


def _lookup_fails(*_args: object) -> None:
    raise sqlalchemy.exc.OperationalError("SELECT ...", {}, REFUSED)


def _store_fails(*_args: object) -> None:
    raise StoreOperationalError(str(REFUSED))


def _pool_times_out(*_args: object) -> None:
    raise ConnectionUnavailableError("couldn't get a connection after 30.00 sec")


@pytest.fixture
def embedded(tmp_path: Path) -> tuple[TestClient, str]:
    settings = OutreachSettings(data_dir=tmp_path, seed_demo=False)
    client = TestClient(build_app(settings, Role.EMBEDDED))  # no `with`: no workers
    key = KeyStore(open_database(settings)).create("acme")
    return client, key


def _assert_unavailable(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"] == "2"
    assert answer.headers["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert body["status"] == 503
    assert "database is unreachable" in body["detail"]
    assert body["request_id"] == answer.headers["X-Request-Id"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/v1/events"), ("GET", "/v1/candidates/c1/state")],
)
def test_the_key_lookup_failing_to_connect_is_a_503(
    embedded: tuple[TestClient, str], monkeypatch: pytest.MonkeyPatch, method: str, path: str
) -> None:
    client, key = embedded
    monkeypatch.setattr(KeyStore, "authenticate", _lookup_fails)
    body = {"events": [sent("pat", candidate_id="c1")]} if method == "POST" else None
    answer = client.request(method, path, json=body, headers={"Authorization": f"Bearer {key}"})
    _assert_unavailable(answer)


@pytest.mark.parametrize("failure", [_store_fails, _pool_times_out])
def test_the_event_store_failing_to_connect_is_a_503(
    embedded: tuple[TestClient, str],
    monkeypatch: pytest.MonkeyPatch,
    failure: Callable[..., None],
) -> None:
    client, key = embedded
    monkeypatch.setattr(Intake, "record", failure)
    answer = client.post(
        "/v1/events",
        json={"events": [sent("pat", candidate_id="c1")]},
        headers={"Authorization": f"Bearer {key}"},
    )
    _assert_unavailable(answer)
