"""What every projection feed must do, written once; test_memory_feed.py,
test_event_store_feed.py and test_kafka_feed.py run it on an in-memory log, on the
embedded default's feed and on a real Kafka broker.

Events always come in through the intake (the event store) and, for Kafka, the relay,
so each feed is fed exactly as in production. Subclasses provide ``source``.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy.exc import OperationalError

from outreach_contract.v1 import EventBatch, RecordedEvent
from outreach_domain import CandidateState, apply_all, empty_state
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.feeds import Positions
from outreach_projection.feeds import Feed
from outreach_projection.projector import Projector
from outreach_projection.write import ProjectionStore
from tests.support.factories import sent
from tests.support.process import eventually

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
CANDIDATES = ("cand-1", "cand-2", "cand-3")


@dataclass
class Source:
    """The intake's event store, and how to open a feed of it onto a read model."""

    intake: Intake
    readmodel: ProjectionStore
    open_feed: Callable[[ProjectionStore], AbstractContextManager[Feed]]
    publish: Callable[[], None]
    """Moves what the intake recorded to where the feed reads it (a no-op, or the relay)."""
    republish: Callable[[], None] | None = None
    """Delivers everything again, as a relay that crashed before recording its position
    (only a feed that can deliver an event twice has one: Kafka)."""

    def record(self, count: int) -> None:
        envelopes = [sent(f"c{i}", candidate_id=CANDIDATES[i % 3]) for i in range(count)]
        events = EventBatch.model_validate({"events": envelopes}).events
        self.intake.record("acme", "key-1", events, NOW)
        self.publish()

    def expected(self) -> dict[str, CandidateState]:
        """Every candidate's state folded from the event store: the source of truth."""
        stored = OutboxReader(self.intake).read(0, 100_000)
        recorded = [e for e in stored if isinstance(e, RecordedEvent)]  # no vault: in the clear
        return {
            c: apply_all(empty_state("acme", c), (e for e in recorded if e.event.candidate_id == c))
            for c in CANDIDATES
        }


def _facts(readmodel: ProjectionStore) -> int:
    return sum(len(state.facts) for state in readmodel.states())


def sample(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


def project_until(projector: Projector, readmodel: ProjectionStore, facts: int) -> None:
    # A Kafka feed answers nothing until the group has assigned it partitions.
    def done() -> None:
        projector.step()
        _assert_facts(readmodel, facts)

    eventually(done, timeout=60)


class FlakyProjectionStore(ProjectionStore):
    """Fails its first write like a database that went away, then recovers."""

    failures = 1

    def apply(self, events: Any, positions: Positions) -> int:
        if self.failures:
            self.failures -= 1
            raise OperationalError("INSERT", {}, Exception("connection lost"))
        return super().apply(events, positions)


class FeedContract:
    @pytest.fixture
    def source(self) -> Iterator[Source]:
        raise NotImplementedError

    def test_every_event_is_applied_once_and_the_state_is_the_fold(self, source: Source) -> None:
        source.record(30)
        with source.open_feed(source.readmodel) as feed:
            project_until(Projector(source.readmodel, feed, batch_size=7), source.readmodel, 30)
        assert {s.candidate_id: s for s in source.readmodel.states()} == source.expected()

    def test_a_restarted_feed_resumes_where_the_read_model_stopped(self, source: Source) -> None:
        source.record(12)
        with source.open_feed(source.readmodel) as feed:
            project_until(Projector(source.readmodel, feed), source.readmodel, 12)
        source.record(9)
        applied = sample("outreach_projection_events_applied_total")
        redelivered = sample("outreach_projection_events_redelivered_total")
        with source.open_feed(source.readmodel) as feed:
            project_until(Projector(source.readmodel, feed), source.readmodel, 21)
        assert sample("outreach_projection_events_applied_total") - applied == 9
        assert sample("outreach_projection_events_redelivered_total") - redelivered == 0
        assert {s.candidate_id: s for s in source.readmodel.states()} == source.expected()

    def test_a_failed_batch_is_taken_again_from_the_stored_positions(self, source: Source) -> None:
        source.record(20)
        flaky = FlakyProjectionStore(source.readmodel.engine)
        stop = threading.Event()
        with source.open_feed(flaky) as feed:
            runner = threading.Thread(target=Projector(flaky, feed, batch_size=5).run,
                                      args=(stop, 0.01))  # fmt: skip
            runner.start()
            try:
                eventually(lambda: _assert_facts(flaky, 20), timeout=60)
            finally:
                stop.set()
                runner.join()
        assert flaky.failures == 0  # it did fail once
        assert {s.candidate_id: s for s in flaky.states()} == source.expected()

    def test_a_redelivered_event_changes_nothing(self, source: Source) -> None:
        if source.republish is None:
            pytest.skip("this feed cannot deliver an event twice")
        source.record(10)
        with source.open_feed(source.readmodel) as feed:
            projector = Projector(source.readmodel, feed)
            project_until(projector, source.readmodel, 10)
            before = list(source.readmodel.states())
            redelivered = sample("outreach_projection_events_redelivered_total")
            source.republish()

            def absorbed() -> None:
                projector.step()
                delta = sample("outreach_projection_events_redelivered_total") - redelivered
                assert delta == 10

            eventually(absorbed, timeout=60)
        assert list(source.readmodel.states()) == before


def _assert_facts(readmodel: ProjectionStore, facts: int) -> None:
    assert _facts(readmodel) == facts
