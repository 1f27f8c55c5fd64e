"""The projector: positions move with the state, redeliveries change nothing."""

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from outreach_contract.v1 import RecordedEvent
from outreach_platform.database import make_engine
from outreach_platform.readmodel import Positions, ReadModel
from outreach_projection.feeds import Batch
from outreach_projection.projector import Projector
from tests.support.factories import recorded, sent


class ListFeed:
    """A feed over a list, redelivering from wherever the read model says it stands."""

    name = "list"

    def __init__(self, events: list[RecordedEvent]) -> None:
        self.events = events

    def poll(self, positions: Positions, limit: int) -> Batch:
        start = positions.get(self.name, 0)
        chunk = self.events[start : start + limit]
        return chunk, ({self.name: start + len(chunk)} if chunk else {})


@pytest.fixture
def readmodel(tmp_path: Path) -> ReadModel:
    return ReadModel(make_engine(f"sqlite:///{tmp_path / 'rm.db'}"))


def _events(count: int, candidates: int = 3) -> list[RecordedEvent]:
    return [
        recorded(sent(f"c{i}", candidate_id=f"cand-{i % candidates}"), position=i + 1)
        for i in range(count)
    ]


def test_catch_up_applies_everything_and_stores_the_position(readmodel: ReadModel) -> None:
    projector = Projector(readmodel, ListFeed(_events(25)), batch_size=10)
    assert projector.catch_up() == 25
    assert readmodel.positions() == {"list": 25}
    assert sorted(len(s.facts) for s in readmodel.states()) == [8, 8, 9]
    assert projector.step() == 0


def test_a_redelivered_batch_changes_nothing(readmodel: ReadModel) -> None:
    events = _events(10)
    readmodel.apply(events, {"list": 10})
    before = list(readmodel.states())
    assert readmodel.apply(events[3:7], {"list": 7}) == 0
    assert list(readmodel.states()) == before
    assert readmodel.positions() == {"list": 10}  # positions never move back


def test_a_failed_commit_leaves_state_and_position_as_they_were(
    readmodel: ReadModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _events(6)
    readmodel.apply(events[:3], {"list": 3})

    def crash(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("UPDATE", {}, Exception("disk I/O error"))

    monkeypatch.setattr("outreach_platform.readmodel._advance", crash)
    with pytest.raises(OperationalError):
        readmodel.apply(events[3:], {"list": 6})
    monkeypatch.undo()
    assert readmodel.positions() == {"list": 3}
    assert sum(len(s.facts) for s in readmodel.states()) == 3
    assert Projector(readmodel, ListFeed(events)).catch_up() == 3
    assert sum(len(s.facts) for s in readmodel.states()) == 6
