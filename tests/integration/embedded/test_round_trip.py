"""Through real HTTP: post events, read the audit trail, diagnose, restart, find it all."""

from typing import Any

import httpx

from tests.support.embedded import Embedded
from tests.support.factories import event, sent
from tests.support.process import eventually

REASONS = [
    "too_few_contacts",
    "departure_story",
    "wrong_season",
    "prior_impression",
    "contact_lacks_leverage",
    "presentation",
    "unwilling_contact",
]


def _story() -> list[dict[str, Any]]:
    register = event(
        "candidate.registered",
        {"country": "US", "timezone": "America/New_York"},
        occurred_at="2026-10-01T09:00:00-04:00",
    )
    touches = [
        sent(f"c{i}", occurred_at=f"2026-10-{6 + i % 5:02d}T10:00:00-04:00") for i in range(6)
    ]
    return [register, *touches]


def _state_events(client: httpx.Client, candidate: str, expected: int) -> dict[str, Any]:
    def check() -> dict[str, Any]:
        response = client.get(f"/v1/candidates/{candidate}/state")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert body["events"] == expected
        return body

    return eventually(check)


def test_post_read_diagnose_and_restart(embedded: Embedded) -> None:
    key = embedded.key()
    events = _story()
    with embedded.client(key) as client:
        first = client.post("/v1/events", json={"events": events})
        assert first.status_code == 202, first.text
        assert first.json() == {"accepted": 7, "duplicates": 0, "duplicate_indexes": []}
        again = client.post("/v1/events", json={"events": events[:2]})
        assert again.json() == {"accepted": 0, "duplicates": 2, "duplicate_indexes": [0, 1]}

        trail = client.get("/v1/candidates/cand-1/events").json()
        assert [e["event"]["event_id"] for e in trail["events"]] == [e["event_id"] for e in events]
        assert [len(e["receipts"]) for e in trail["events"]] == [2, 2, 1, 1, 1, 1, 1]
        positions = [e["position"] for e in trail["events"]]
        assert positions == sorted(positions)
        assert len(set(positions)) == 7
        assert {e["kafka"] for e in trail["events"]} == {None}  # no relay in the embedded default

        _state_events(client, "cand-1", 7)
        diagnosis = client.get("/v1/candidates/cand-1/diagnosis", params={"as_of": "2026-11-02"})
        assert diagnosis.status_code == 200, diagnosis.text
        body = diagnosis.json()
        assert [r["reason"] for r in body["reasons"]] == REASONS
        assert body["events_considered"] == 7
        for verdict in body["reasons"]:
            assert verdict["status"] in {"problem", "at_risk", "ok", "insufficient_data"}
            assert 0 <= verdict["score"] <= 1
            assert verdict["advice"]

    embedded.restart()
    with embedded.client(key) as client:
        assert len(client.get("/v1/candidates/cand-1/events").json()["events"]) == 7
        assert _state_events(client, "cand-1", 7)["events"] == 7
        after = client.get("/v1/candidates/cand-1/diagnosis", params={"as_of": "2026-11-02"}).json()
        assert after == body
        # More events after the restart are projected from where the projection stopped,
        # and the diagnosis asked for just before (kept with the cached state) is not
        # served again once they are.
        today = client.get("/v1/candidates/cand-1/diagnosis").json()
        assert today["events_considered"] == 7
        assert client.post("/v1/events", json={"events": [sent("c9")]}).status_code == 202
        _state_events(client, "cand-1", 8)
        later = client.get("/v1/candidates/cand-1/diagnosis").json()
        assert later["events_considered"] == 8


def test_a_crash_loses_and_doubles_nothing(embedded: Embedded) -> None:
    key = embedded.key()
    with embedded.client(key) as client:
        batches = [[sent(f"c{i}-{j}") for j in range(50)] for i in range(20)]
        for batch in batches[:10]:
            assert client.post("/v1/events", json={"events": batch}).status_code == 202
    embedded.restart(crash=True)
    with embedded.client(key) as client:
        for batch in batches[5:]:  # half of them again: the partner retries after our crash
            assert client.post("/v1/events", json={"events": batch}).status_code == 202
        state = _state_events(client, "cand-1", 1000)
        assert state["events"] == 1000
