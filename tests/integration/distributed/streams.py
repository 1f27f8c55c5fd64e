"""Event streams for the distributed tests, and the read model they must produce.

``events(...)`` makes a partner's stream over many candidates; ``Poster`` posts it in
batches on a background thread (so processes can be killed mid-stream);
``rebuilt_states`` folds every event of the event store from scratch, the reference the
projected read model must equal.
"""

from __future__ import annotations

import json
import subprocess
import threading
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from outreach_contract.v1 import RecordedEvent
from outreach_contract.v1.personal import STORED_ADAPTER, StoredRecord
from outreach_domain import CandidateState, apply_all, empty_state
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.personal.crypto import MasterKeys, parse_master_key
from outreach_platform.personal.keys import KeyRing
from outreach_platform.personal.vault import Vault
from outreach_platform.readmodel import ReadModel, candidate_states
from tests.support.factories import event
from tests.support.process import eventually
from tests.support.servers import TEST_MASTER_KEY
from tests.support.stack import Stack

START = datetime(2026, 9, 1, 9, tzinfo=UTC)
WILLINGNESS = ("eager", "willing", "neutral", "reluctant", "declined")


def events(count: int, candidates: int = 100, prefix: str = "cand") -> list[dict[str, Any]]:
    """``count`` valid events spread round-robin over ``candidates`` candidates.

    Each candidate registers, adds contacts, reaches out and hears back, with
    occurred_at spread over weeks so the summaries differ between candidates.
    """
    made: list[dict[str, Any]] = []
    for i in range(count):
        candidate, n = f"{prefix}-{i % candidates}", i // candidates
        when = START + timedelta(hours=7 * n + i % candidates)
        contact = f"contact-{n // 3}"
        if n == 0:
            kind, data = "candidate.registered", {"country": "US", "timezone": "America/Chicago"}
        elif n % 3 == 1:
            kind, data = "contact.added", {"contact_id": contact, "company": f"co-{n % 7}"}
        elif n % 3 == 2:
            kind, data = "outreach.sent", {"contact_id": contact, "channel": "email"}
        else:
            willingness = WILLINGNESS[(i + n) % len(WILLINGNESS)]
            kind, data = "contact.replied", {"contact_id": contact, "willingness": willingness}
        made.append(event(kind, data, candidate_id=candidate, occurred_at=when))
    return made


def post(client: httpx.Client, batch: Sequence[dict[str, Any]]) -> dict[str, Any]:
    response = client.post("/v1/events", json={"events": list(batch)})
    assert response.status_code == 202, response.text
    body: dict[str, Any] = response.json()
    return body


def post_in_batches(client: httpx.Client, events: Sequence[dict[str, Any]], size: int) -> None:
    for start in range(0, len(events), size):
        post(client, events[start : start + size])


@dataclass
class Poster:
    """Posts ``stream`` to the intake in batches on a thread; ``posted`` counts progress."""

    client: httpx.Client
    stream: list[dict[str, Any]]
    batch_size: int = 250
    posted: int = 0
    accepted: int = 0
    error: BaseException | None = None

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, name="poster", daemon=True)

    def start(self) -> Poster:
        self._thread.start()
        return self

    def wait_posted(self, at_least: int, timeout: float = 300.0) -> None:
        """Block until ``at_least`` events have been accepted (mid-stream checkpoints)."""

        def reached() -> None:
            assert self.error is None, self.error
            assert self.posted >= at_least, f"{self.posted} of {at_least} posted"

        eventually(reached, timeout=timeout, interval=0.05)

    def join(self, timeout: float = 600.0) -> None:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "posting did not finish"
        assert self.error is None, self.error

    def _run(self) -> None:
        try:
            for start in range(0, len(self.stream), self.batch_size):
                batch = self.stream[start : start + self.batch_size]
                self.accepted += post(self.client, batch)["accepted"]
                self.posted += len(batch)
        except BaseException as error:  # reported by join() and wait_posted()
            self.error = error


def stored_events(stack: Stack) -> list[RecordedEvent]:
    """Every recorded event in the stack's event store, in notification order, opened
    with the stack's keys (an erased candidate's are left out)."""
    app = Intake(env=stack.event_store_env())
    try:
        outbox, after, found = OutboxReader(app), 0, list[StoredRecord]()
        while batch := outbox.read(after, 5_000):
            found.extend(batch)
            after = batch[-1].position
        return vault(stack).open(found).events
    finally:
        app.close()


def vault(stack: Stack) -> Vault:
    """The stack's data keys, as its processes hold them (the tests' master key)."""
    return Vault(KeyRing(stack.engine, MasterKeys(parse_master_key(TEST_MASTER_KEY))))


def rebuilt_states(stack: Stack) -> dict[tuple[str, str], CandidateState]:
    """The read model rebuilt from scratch: every stored event folded, per candidate."""
    streams: dict[tuple[str, str], list[RecordedEvent]] = defaultdict(list)
    for item in stored_events(stack):
        streams[(item.partner, item.event.candidate_id)].append(item)
    return {key: apply_all(empty_state(*key), items) for key, items in streams.items()}


def projected_states(stack: Stack) -> dict[tuple[str, str], CandidateState]:
    return {(s.partner, s.candidate_id): s for s in ReadModel(stack.engine).states()}


def projected_facts(stack: Stack) -> int:
    """Facts in the read model: the number of distinct events projected so far."""
    with stack.engine.connect() as conn:
        total = conn.execute(select(func.coalesce(func.sum(candidate_states.c.facts), 0)))
        return int(total.scalar_one())


def wait_projected(stack: Stack, expected: int, timeout: float = 300.0) -> None:
    def done() -> None:
        projected = projected_facts(stack)
        assert projected == expected, f"{projected} of {expected} events projected"

    eventually(done, timeout=timeout, interval=0.25)


def assert_read_model_exact(stack: Stack, expected_events: int) -> None:
    """The read model equals the one rebuilt from the event store: each event applied once."""
    rebuilt = rebuilt_states(stack)
    assert sum(len(s.facts) for s in rebuilt.values()) == expected_events
    projected = projected_states(stack)
    assert projected.keys() == rebuilt.keys()
    for key, state in rebuilt.items():
        got = projected[key]
        assert [f.event_id for f in got.facts] == [f.event_id for f in state.facts], key
        assert got == state, key


@dataclass(frozen=True)
class TopicRecord:
    partition: int
    offset: int
    key: str
    value: StoredRecord
    raw: str  # the record's value as kcat printed it


def read_topic(kcat: Path, bootstrap: str, topic: str) -> list[TopicRecord]:
    """Every record on ``topic``, read by kcat (an independent client), validated."""
    done = subprocess.run(
        [str(kcat), "-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-J"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    records = []
    for line in done.stdout.splitlines():
        message = json.loads(line)
        records.append(
            TopicRecord(
                partition=message["partition"],
                offset=message["offset"],
                key=message["key"],
                value=STORED_ADAPTER.validate_json(message["payload"]),
                raw=message["payload"],
            )
        )
    return records


def new_ids(stream: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same events under fresh event ids (a second, distinct stream)."""
    return [{**item, "event_id": str(uuid.uuid4())} for item in stream]


def list_topic(kcat: Path, bootstrap: str, topic: str) -> str:
    """kcat's metadata listing of one topic (partitions and their leaders)."""
    done = subprocess.run(
        [str(kcat), "-b", bootstrap, "-L", "-t", topic],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout
