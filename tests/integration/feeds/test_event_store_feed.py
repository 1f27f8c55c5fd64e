"""The feed contract on the embedded default: the projection follows the event store."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.database import make_engine
from outreach_platform.readmodel import ReadModel
from outreach_projection.feeds import EventStoreFeed, Feed
from tests.integration.feeds.contracts import FeedContract, Source


class TestEventStoreFeed(FeedContract):
    @pytest.fixture
    def source(self, tmp_path: Path) -> Iterator[Source]:
        intake = Intake(
            env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                 "SQLITE_DBNAME": str(tmp_path / "events.db")}
        )  # fmt: skip

        @contextmanager
        def open_feed(_readmodel: ReadModel) -> Iterator[Feed]:
            yield EventStoreFeed(OutboxReader(intake))

        engine = make_engine(f"sqlite:///{tmp_path / 'outreach.db'}")
        yield Source(intake, ReadModel(engine), open_feed, publish=lambda: None)
        engine.dispose()
