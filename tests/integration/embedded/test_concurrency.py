"""Clients racing on one candidate over HTTP: every request gets a 202, none a 5xx."""

from functools import partial

import httpx

from tests.support.embedded import Embedded
from tests.support.factories import sent
from tests.support.racing import race


def _post(embedded: Embedded, key: str, events: list[dict[str, object]]) -> httpx.Response:
    with embedded.client(key) as client:  # a client of its own, like another partner worker
        return client.post("/v1/events", json={"events": events})


def test_twenty_clients_posting_one_batch_get_one_acceptance(
    shared_embedded: Embedded, shared_key: str
) -> None:
    events = [sent(f"c{i}", candidate_id="racing-copies") for i in range(25)]
    raced = race([partial(_post, shared_embedded, shared_key, events)] * 20)
    assert raced.errors == []
    assert sorted(r.status_code for r in raced.results) == [202] * 20, [
        r.text for r in raced.results if r.status_code != 202
    ]
    answers = sorted((r.json()["accepted"], r.json()["duplicates"]) for r in raced.results)
    assert answers == [(0, 25)] * 19 + [(25, 0)]
    with shared_embedded.client(shared_key) as client:
        trail = client.get("/v1/candidates/racing-copies/events").json()["events"]
    assert [e["receipt_count"] for e in trail] == [20] * 25
    assert {len(e["receipts"]) for e in trail} == {2}  # the first and the last


def test_many_clients_posting_different_events_for_one_candidate_are_all_accepted(
    shared_embedded: Embedded, shared_key: str
) -> None:
    batches = [
        [sent(f"c{n}-{i}", candidate_id="racing-writers") for i in range(5)] for n in range(20)
    ]
    raced = race([partial(_post, shared_embedded, shared_key, b) for b in batches])
    assert raced.errors == []
    assert sorted(r.status_code for r in raced.results) == [202] * 20, [
        r.text for r in raced.results if r.status_code != 202
    ]
    assert [r.json()["accepted"] for r in raced.results] == [5] * 20
    with shared_embedded.client(shared_key) as client:
        trail = client.get("/v1/candidates/racing-writers/events").json()["events"]
    assert len(trail) == 100
