"""The projector: positions move with the state, redeliveries change nothing."""

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from outreach_contract.v1 import RecordedEvent
from outreach_contract.v1.personal import StoredRecord
from outreach_platform.feeds import Positions
from outreach_projection import write as readmodel_module
from outreach_projection.feeds import Batch
from outreach_projection.projector import Projector
from outreach_projection.write import ProjectionStore
from tests.support.databases import sqlite_store
from tests.support.factories import recorded, sent
from tests.support.process import eventually


class ListFeed:
    """A feed over a list, redelivering from wherever the read model says it stands."""

    name = "list"

    def __init__(self, events: list[RecordedEvent]) -> None:
        self.events = events

    def poll(self, positions: Positions, limit: int) -> Batch:
        start = positions.get(self.name, 0)
        chunk = self.events[start : start + limit]
        return list[StoredRecord](chunk), ({self.name: start + len(chunk)} if chunk else {})

    def rewind(self, positions: Positions) -> None:
        pass  # every poll starts from the stored position


class CursorFeed(ListFeed):
    """Like a Kafka consumer: moves on after each poll, whether the batch was applied or not."""

    def __init__(self, events: list[RecordedEvent]) -> None:
        super().__init__(events)
        self.cursor = 0

    def poll(self, positions: Positions, limit: int) -> Batch:
        chunk, reached = super().poll({self.name: self.cursor}, limit)
        self.cursor += len(chunk)
        return chunk, reached

    def rewind(self, positions: Positions) -> None:
        self.cursor = positions.get(self.name, 0)


@pytest.fixture
def readmodel(tmp_path: Path) -> ProjectionStore:
    return ProjectionStore(sqlite_store(tmp_path / "rm.db"))


def _events(count: int, candidates: int = 3) -> list[RecordedEvent]:
    return [
        recorded(sent(f"c{i}", candidate_id=f"cand-{i % candidates}"), position=i + 1)
        for i in range(count)
    ]


def test_catch_up_applies_everything_and_stores_the_position(readmodel: ProjectionStore) -> None:
    projector = Projector(readmodel, ListFeed(_events(25)), batch_size=10)
    assert projector.catch_up() == 25
    assert readmodel.positions() == {"list": 25}
    assert sorted(len(s.facts) for s in readmodel.states()) == [8, 8, 9]
    assert projector.step() == 0


def test_a_redelivered_batch_changes_nothing(readmodel: ProjectionStore) -> None:
    events = _events(10)
    readmodel.apply(events, {"list": 10})
    before = list(readmodel.states())
    assert readmodel.apply(events[3:7], {"list": 7}) == 0
    assert list(readmodel.states()) == before
    assert readmodel.positions() == {"list": 10}  # positions never move back


def test_a_failed_commit_leaves_state_and_position_as_they_were(
    readmodel: ProjectionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _events(6)
    readmodel.apply(events[:3], {"list": 3})

    def crash(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("UPDATE", {}, Exception("disk I/O error"))

    monkeypatch.setattr("outreach_projection.write._advance", crash)
    with pytest.raises(OperationalError):
        readmodel.apply(events[3:], {"list": 6})
    monkeypatch.undo()
    assert readmodel.positions() == {"list": 3}
    assert sum(len(s.facts) for s in readmodel.states()) == 3
    assert Projector(readmodel, ListFeed(events)).catch_up() == 3
    assert sum(len(s.facts) for s in readmodel.states()) == 6


def test_a_failed_batch_is_polled_again_from_a_feed_that_moved_on(
    readmodel: ProjectionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    projector = Projector(readmodel, CursorFeed(_events(9)), batch_size=3)
    assert projector.step() == 3
    advance = readmodel_module._advance
    failures = [OperationalError("UPDATE", {}, Exception("connection lost"))]

    def fail_once(*args: Any, **kwargs: Any) -> None:
        if failures:
            raise failures.pop()
        advance(*args, **kwargs)

    monkeypatch.setattr(readmodel_module, "_advance", fail_once)
    stop = threading.Event()
    worker = threading.Thread(target=projector.run, args=(stop, 0.01))
    worker.start()
    try:
        eventually(lambda: _assert_equal(readmodel.positions(), {"list": 9}), timeout=10)
    finally:
        stop.set()
        worker.join(5)
    assert not failures
    assert sum(len(s.facts) for s in readmodel.states()) == 9


def _assert_equal(actual: object, expected: object) -> None:
    assert actual == expected
