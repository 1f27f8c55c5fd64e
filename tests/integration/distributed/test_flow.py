"""Intake, relay, projection and diagnostics as separate processes, through real Kafka.

An independent client (kcat) reads the topic: each event is there once per publication,
as contract JSON, keyed partner/candidate, one candidate's events in one partition.
"""

from collections import defaultdict
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from outreach_platform.publications import publications
from tests.integration.distributed import streams
from tests.support.process import eventually
from tests.support.stack import PARTITIONS, Stack

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def _listed(client: httpx.Client, expected: int) -> None:
    response = client.get("/v1/candidates", params={"limit": 200})
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["data"]) == expected
    assert all(len(item["reasons"]) == 7 for item in body["data"])


def test_events_reach_the_diagnosis_through_kafka(stack: Stack, kcat: Path) -> None:
    # All four start at once on an empty database: each creates its tables (under a lock).
    started = [
        stack.start("intake", env={"OUTREACH_RELAY_IN_INTAKE": "false"}, wait=False),
        *(stack.start(role, wait=False) for role in ("relay", "projection", "diagnostics")),
    ]
    for server in started:
        server.wait_healthy()
    acme, globex = stack.key("acme"), stack.key("globex")
    acme_events = streams.events(300, candidates=12)
    # Another partner uses the same candidate ids: separate streams, separate keys.
    globex_events = streams.new_ids(acme_events[:60])
    with stack.client(acme) as intake:
        streams.post_in_batches(intake, acme_events, 100)
        again = streams.post(intake, acme_events[:10])
        assert again["duplicates"] == 10  # stored once: published once
    with stack.client(globex) as intake:
        streams.post(intake, globex_events)

    total = len(acme_events) + len(globex_events)
    streams.wait_projected(stack, total, timeout=120)
    with stack.client(acme, "diagnostics") as diagnostics:
        diagnosis = diagnostics.get(
            "/v1/candidates/cand-3/diagnosis", params={"as_of": "2026-12-01"}
        )
        assert diagnosis.status_code == 200, diagnosis.text
        assert diagnosis.json()["events_considered"] == 25
        state = diagnostics.get("/v1/candidates/cand-3/state").json()
        assert state["events"] == 25
    with stack.client(globex, "diagnostics") as diagnostics:
        assert diagnostics.get("/v1/candidates/cand-3/state").json()["events"] == 5
    # The diagnostics role's refresher stores every candidate's verdicts (ADR 0013).
    with stack.client(acme, "diagnostics") as diagnostics:
        eventually(lambda: _listed(diagnostics, 12), timeout=60)
    with stack.client(globex, "diagnostics") as diagnostics:
        eventually(lambda: _listed(diagnostics, len({e["candidate_id"] for e in globex_events})))
    streams.assert_read_model_exact(stack, total)

    records = streams.read_topic(kcat, stack.kafka.bootstrap, stack.topic)
    posted = {("acme", e["event_id"]) for e in acme_events} | {
        ("globex", e["event_id"]) for e in globex_events
    }
    published = [(r.value.partner, str(r.value.event.event_id)) for r in records]
    assert len(published) == len(set(published)) == total, "each event once"
    assert set(published) == posted
    partitions: dict[str, set[int]] = defaultdict(set)
    for record in records:
        assert record.key == f"{record.value.partner}/{record.value.event.candidate_id}"
        partitions[record.key].add(record.partition)
    assert all(len(p) == 1 for p in partitions.values()), "a candidate stays in one partition"
    assert len(set().union(*partitions.values())) > 1, "candidates spread over partitions"
    listing = streams.list_topic(kcat, stack.kafka.bootstrap, stack.topic)
    assert f'topic "{stack.topic}" with {PARTITIONS} partitions' in listing

    # The relay's bookkeeping names exactly where kcat found each event.
    with stack.engine.connect() as conn:
        landed = {
            (row.partner, row.event_id): (row.partition, row.offset)
            for row in conn.execute(select(publications))
        }
    found = {
        (r.value.partner, str(r.value.event.event_id)): (r.partition, r.offset) for r in records
    }
    assert landed == found
    # ... and so does the audit trail an auditor reads over HTTP.
    with stack.client(acme) as intake:
        trail = intake.get("/v1/candidates/cand-3/events").json()
    assert len(trail["events"]) == 25
    for entry in trail["events"]:
        placement = (entry["kafka"]["partition"], entry["kafka"]["offset"])
        assert placement == found[("acme", entry["event"]["event_id"])]
        assert entry["kafka"]["topic"] == stack.topic


def test_the_topic_is_created_with_the_configured_partitions(stack: Stack, kcat: Path) -> None:
    stack.env["OUTREACH_KAFKA_PARTITIONS"] = "3"
    stack.start("projection")  # every Kafka role creates the topic if it is missing

    def listed() -> str:
        listing = streams.list_topic(kcat, stack.kafka.bootstrap, stack.topic)
        assert f'topic "{stack.topic}" with 3 partitions' in listing, listing
        return listing

    eventually(listed, timeout=60, interval=0.5)
