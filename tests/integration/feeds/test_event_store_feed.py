"""The feed contract on the embedded default: the projection follows the event store."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_projection.feeds import EventStoreFeed, Feed
from outreach_projection.write import ProjectionStore
from tests.integration.feeds.contracts import FeedContract, Source
from tests.support.databases import sqlite_store


class TestEventStoreFeed(FeedContract):
    @pytest.fixture
    def source(self, tmp_path: Path) -> Iterator[Source]:
        intake = Intake(
            env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                 "SQLITE_DBNAME": str(tmp_path / "events.db")}
        )  # fmt: skip

        @contextmanager
        def open_feed(_store: ProjectionStore) -> Iterator[Feed]:
            yield EventStoreFeed(OutboxReader(intake))

        engine = sqlite_store(tmp_path / "outreach.db")
        yield Source(intake, ProjectionStore(engine), open_feed, publish=lambda: None)
        engine.dispose()
