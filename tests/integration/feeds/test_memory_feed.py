"""The feed contract on an in-memory log, as faststream runs one suite on a fake broker
and on a real one: what passes here and fails on Kafka is the broker adapter's fault."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from outreach_contract.v1.personal import StoredRecord
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_projection.feeds import Feed, MemoryFeed
from outreach_projection.write import ProjectionStore
from tests.integration.feeds.contracts import FeedContract, Source
from tests.support.databases import sqlite_store


class TestMemoryFeed(FeedContract):
    @pytest.fixture
    def source(self, tmp_path: Path) -> Iterator[Source]:
        intake = Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        log: list[StoredRecord] = []
        published = {"up_to": 0}

        @contextmanager
        def open_feed(_store: ProjectionStore) -> Iterator[Feed]:
            yield MemoryFeed(log)

        def publish() -> None:
            new = OutboxReader(intake).read(published["up_to"], 100_000)
            log.extend(new)
            published["up_to"] = new[-1].position if new else published["up_to"]

        def republish() -> None:
            log.extend(OutboxReader(intake).read(0, 100_000))  # everything, once more

        engine = sqlite_store(tmp_path / "outreach.db")
        yield Source(intake, ProjectionStore(engine), open_feed, publish, republish)
        engine.dispose()
