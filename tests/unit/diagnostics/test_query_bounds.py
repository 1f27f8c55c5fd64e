"""The diagnosis's ``as_of`` and ``known_at`` are bounded like every timestamp: out of
range or malformed is a 422 naming the parameter, never a 500 from the rules; and a
quarantine shows on /readyz as a degradation while the process stays ready."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from outreach.composition import build_app, open_database
from outreach.settings import OutreachSettings, Role
from outreach_contract.v1 import bounds
from outreach_platform.keys import KeyStore, Scope
from outreach_projection.write import ProjectionStore
from tests.support.factories import event, recorded, sent

CANDIDATE = "cand-1"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = OutreachSettings(data_dir=tmp_path_factory.mktemp("bounds"), seed_demo=False)
    app = build_app(settings, Role.DIAGNOSTICS)  # no `with`: no workers start
    engine = open_database(settings)
    registered = event(
        "candidate.registered",
        {"country": "US", "timezone": "Pacific/Kiritimati"},
        candidate_id=CANDIDATE,
        occurred_at="1990-01-01T00:00:00Z",
    )
    history = [recorded(registered), recorded(sent("pat", candidate_id=CANDIDATE))]
    ProjectionStore(engine).apply(history, {"test": 1})
    key = KeyStore(engine).create("acme", (Scope.DIAGNOSES_READ, Scope.AUDIT_READ))
    yield TestClient(app, headers={"Authorization": f"Bearer {key}"})
    bounds.configure(bounds.DEFAULT_EARLIEST)


def _diagnosis(client: TestClient, **query: str) -> tuple[int, dict[str, Any]]:
    answer = client.get(f"/v1/candidates/{CANDIDATE}/diagnosis", params=query)
    return answer.status_code, answer.json()


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("as_of", "0001-01-01", "is before 1990-01-01, the earliest date accepted"),
        ("as_of", "1989-12-31", "is before 1990-01-01, the earliest date accepted"),
        ("as_of", "9999-12-31", "more than a year ahead"),
        ("as_of", "2026-13-01", "date"),
        ("as_of", "yesterday", "date"),
        ("known_at", "0001-01-01T00:00:00+05:00", "is before 1990-01-01"),
        ("known_at", "9999-12-31T23:59:59-05:00", "is more than a day in the future"),
        ("known_at", "2026-10-01T09:00:00", "must be RFC 3339 with an offset"),
        ("known_at", "soon", "datetime"),
    ],
)
def test_out_of_range_or_malformed_is_a_422_naming_the_parameter(
    client: TestClient, name: str, value: str, problem: str
) -> None:
    status, body = _diagnosis(client, **{name: value})
    assert status == 422, body
    [error] = body["errors"]
    assert error["field"] == name
    assert problem in error["problem"]


@pytest.mark.parametrize(
    "as_of", [date(1990, 1, 1), datetime.now(UTC).date() + timedelta(days=365)]
)
def test_the_bounds_themselves_are_diagnosed(client: TestClient, as_of: date) -> None:
    status, body = _diagnosis(client, as_of=as_of.isoformat())
    assert status == 200, body
    assert len(body["reasons"]) == 7


def test_the_earliest_known_at_is_diagnosed(client: TestClient) -> None:
    status, body = _diagnosis(client, as_of="1990-01-02", known_at="1990-01-01T00:00:00+00:00")
    assert status == 200, body
    assert body["events_considered"] == 0
