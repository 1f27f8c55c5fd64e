"""The relay: publishes in order, records its position only after the acknowledgement, and
passes over the notifications it does not publish so that its lag comes back to zero."""

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from kafka.errors import KafkaTimeoutError
from prometheus_client import REGISTRY

from outreach_contract.v1 import RecordedEvent
from outreach_intake.relay import Relay
from outreach_intake.relay_store import RelayStore
from outreach_platform.database import make_engine
from tests.support.factories import recorded, sent


@dataclass
class Outbox:
    """Recorded events at their notification ids; ``head`` may lie past the last of them,
    like the claim and receipt notifications the intake saves after a batch's events."""

    events: list[RecordedEvent]
    head_id: int

    def read(self, after: int, limit: int) -> list[RecordedEvent]:
        return [e for e in self.events if e.position > after][:limit]

    def head(self) -> int:
        return self.head_id


@dataclass(frozen=True)
class Acked:
    topic: str
    partition: int
    offset: int


@dataclass
class Producer:
    sent: list[tuple[str, bytes]] = field(default_factory=list)
    fail: bool = False

    def send(self, topic: str, key: bytes, value: bytes) -> Any:
        if self.fail:
            raise KafkaTimeoutError("the broker is away")
        self.sent.append((topic, key))
        offset = len(self.sent) - 1
        return type("Future", (), {"get": lambda _self, timeout: Acked(topic, 0, offset)})()

    def flush(self, timeout: float | None = None) -> None:
        pass


@pytest.fixture
def store(tmp_path: Path) -> RelayStore:
    return RelayStore(make_engine(f"sqlite:///{tmp_path / 'relay.db'}"))


def _outbox(count: int, head: int) -> Outbox:
    # Two notifications per event (the event, then its claim): ids 1, 3, 5, ...
    events = [recorded(sent(f"c{i}"), position=2 * i + 1) for i in range(count)]
    return Outbox(events, head)


def test_publishes_in_order_and_passes_over_what_it_does_not_publish(store: RelayStore) -> None:
    producer = Producer()
    relay = Relay(_outbox(5, head=10), store, producer, "topic", batch_size=2)  # type: ignore[arg-type]
    assert [relay.step() for _ in range(4)] == [2, 2, 1, 0]
    assert [key for _topic, key in producer.sent] == [b"acme/cand-1"] * 5
    assert store.position() == 10  # the claims after the last event are passed over
    relay.step()
    assert REGISTRY.get_sample_value("outreach_relay_lag_notifications") == 0


def test_an_idle_relay_passes_over_claims_and_receipts(store: RelayStore) -> None:
    relay = Relay(_outbox(0, head=4), store, Producer(), "topic")  # type: ignore[arg-type]
    assert relay.step() == 0
    assert store.position() == 4


def test_a_failed_publication_moves_nothing(store: RelayStore) -> None:
    producer = Producer(fail=True)
    relay = Relay(_outbox(3, head=6), store, producer, "topic")  # type: ignore[arg-type]
    with pytest.raises(KafkaTimeoutError):
        relay.step()
    assert store.position() == 0
    producer.fail = False
    assert relay.step() == 3
    assert store.position() == 6


def test_run_returns_on_a_kafka_failure_so_the_producer_is_rebuilt(store: RelayStore) -> None:
    before = REGISTRY.get_sample_value("outreach_relay_failures_total") or 0.0
    relay = Relay(_outbox(3, head=6), store, Producer(fail=True), "topic")  # type: ignore[arg-type]
    relay.run(threading.Event(), idle_seconds=0.01)  # returns instead of spinning
    assert REGISTRY.get_sample_value("outreach_relay_failures_total") == before + 1
    assert store.position() == 0
