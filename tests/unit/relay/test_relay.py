"""The relay: publishes in order, records its position only after the acknowledgement, and
passes over the notifications it does not publish so that its lag comes back to zero."""

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from kafka.errors import KafkaTimeoutError
from prometheus_client import REGISTRY

from outreach_contract.v1.personal import StoredRecord
from outreach_platform.outbox import OutboxRecord
from outreach_platform.publications import Placement, PublicationLog
from outreach_relay.relay import Relay
from outreach_relay.store import RelayStore
from tests.support.databases import sqlite_store
from tests.support.factories import recorded, sent


@dataclass
class Outbox:
    """Recorded events at their notification ids; ``head`` may lie past the last of them,
    like the claim and receipt notifications the intake saves after a batch's events."""

    events: list[StoredRecord]
    head_id: int

    def read(self, after: int, limit: int) -> list[StoredRecord]:
        return [e for e in self.events if e.position > after][:limit]

    def records(self, after: int, limit: int) -> list[OutboxRecord]:
        return [OutboxRecord.of(e) for e in self.read(after, limit)]

    def head(self) -> int:
        return self.head_id


@dataclass
class Publisher:
    """Acknowledges every event at the next offset of partition 0, or fails like a broker
    that is away."""

    sent: list[str] = field(default_factory=list)
    fail: bool = False

    def publish(self, events: Sequence[OutboxRecord]) -> list[Placement]:
        if self.fail:
            raise KafkaTimeoutError("the broker is away")
        first = len(self.sent)
        self.sent += [item.key.decode() for item in events]
        return [Placement("topic", 0, first + n) for n in range(len(events))]


@pytest.fixture
def store(tmp_path: Path) -> RelayStore:
    return RelayStore(sqlite_store(tmp_path / "relay.db"))


def _outbox(count: int, head: int) -> Outbox:
    # Two notifications per event (the event, then its claim): ids 1, 3, 5, ...
    events: list[StoredRecord] = [recorded(sent(f"c{i}"), position=2 * i + 1) for i in range(count)]
    return Outbox(events, head)


def test_publishes_in_order_and_passes_over_what_it_does_not_publish(store: RelayStore) -> None:
    publisher = Publisher()
    relay = Relay(_outbox(5, head=10), store, publisher, batch_size=2)
    assert [relay.step() for _ in range(4)] == [2, 2, 1, 0]
    assert publisher.sent == ["acme/cand-1"] * 5
    assert store.position() == 10  # the claims after the last event are passed over
    relay.step()
    assert REGISTRY.get_sample_value("outreach_relay_lag_notifications") == 0


def test_an_idle_relay_passes_over_claims_and_receipts(store: RelayStore) -> None:
    relay = Relay(_outbox(0, head=4), store, Publisher())
    assert relay.step() == 0
    assert store.position() == 4


def test_a_failed_publication_moves_nothing(store: RelayStore) -> None:
    publisher = Publisher(fail=True)
    relay = Relay(_outbox(3, head=6), store, publisher)
    with pytest.raises(KafkaTimeoutError):
        relay.step()
    assert store.position() == 0
    publisher.fail = False
    assert relay.step() == 3
    assert store.position() == 6


def test_run_returns_on_a_kafka_failure_so_the_producer_is_rebuilt(store: RelayStore) -> None:
    before = REGISTRY.get_sample_value("outreach_relay_failures_total") or 0.0
    relay = Relay(_outbox(3, head=6), store, Publisher(fail=True))
    relay.run(threading.Event(), idle_seconds=0.01)  # returns instead of spinning
    assert REGISTRY.get_sample_value("outreach_relay_failures_total") == before + 1
    assert store.position() == 0


def test_a_republished_batch_keeps_the_first_placement(tmp_path: Path) -> None:
    engine = sqlite_store(tmp_path / "relay.db")
    outbox = _outbox(2, head=4)
    Relay(outbox, RelayStore(engine), Publisher()).step()
    # A relay that crashed before recording its position publishes the batch again.
    again = Publisher(sent=["earlier"] * 10)
    Relay(outbox, RelayStore(engine, "again"), again).step()
    ids = [str(item.event.event_id) for item in outbox.events]
    placed = PublicationLog(engine).placements("acme", ids)
    assert [placed[i].offset for i in ids] == [0, 1]
