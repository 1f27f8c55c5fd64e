"""The replay's writer folds and stores exactly what the live projection would."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from outreach_contract.v1 import RecordedEvent
from outreach_platform.readmodel import candidate_facts, candidate_states
from outreach_projection.write import ProjectionStore
from outreach_replay.writer import ReplayWriter
from tests.support.databases import sqlite_store
from tests.support.factories import event, recorded, sent


def _engine(path: Path) -> Engine:
    return sqlite_store(path)


def _rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(select(candidate_states).order_by(candidate_states.c.candidate_id))
        # updated_at says when a row was written, which is all that may differ.
        return [{k: v for k, v in row._mapping.items() if k != "updated_at"} for row in rows]


def _facts(engine: Engine) -> list[dict[str, object]]:
    table = candidate_facts
    with engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.candidate_id, table.c.event_id))
        # seq says in which order a store took the facts: batches of other sizes differ.
        return [{k: v for k, v in row._mapping.items() if k != "seq"} for row in rows]


def _history() -> list[RecordedEvent]:
    made = []
    for i in range(40):
        candidate = f"cand-{i % 3}"
        envelope = (
            event("candidate.registered", {"country": "US"}, candidate_id=candidate)
            if i < 3
            else sent(
                f"c{i}", candidate_id=candidate, occurred_at=f"2026-10-{1 + i % 28:02d}T10:00:00Z"
            )
        )
        made.append(recorded(envelope, position=i + 1))
    return made


@pytest.mark.parametrize("memory_events", [1, 7, 1_000])
def test_rows_and_positions_equal_the_live_projections(tmp_path: Path, memory_events: int) -> None:
    history = _history()
    live = ProjectionStore(_engine(tmp_path / "live.db"))
    for start in range(0, len(history), 5):
        batch = history[start : start + 5]
        live.apply(batch, {"event-store": batch[-1].position})

    writer = ReplayWriter(_engine(tmp_path / "replay.db"), memory_events)
    assert writer.is_fresh()
    for start in range(0, len(history), 4):
        batch = history[start : start + 4]
        writer.add(batch + batch[:1], {"event-store": batch[-1].position})
    applied = writer.finish()

    assert applied == len(history), "the redelivered first event of each batch is not new"
    assert _rows(writer.engine) == _rows(live.engine)
    assert _facts(writer.engine) == _facts(live.engine)
    assert ProjectionStore(writer.engine).positions() == live.positions() == {"event-store": 40}
    assert not writer.is_fresh()


def test_the_least_recently_active_are_written_first_and_reloaded_if_they_return(
    tmp_path: Path,
) -> None:
    writer = ReplayWriter(_engine(tmp_path / "replay.db"), memory_events=8)
    quiet = [recorded(sent(f"q{i}", candidate_id="quiet")) for i in range(4)]
    busy = [recorded(sent(f"b{i}", candidate_id="busy")) for i in range(6)]
    writer.add(quiet, {"t-0": 3})
    writer.add(busy, {"t-0": 9})  # 10 held > 8: the quiet candidate is written
    model = ProjectionStore(writer.engine)
    assert [(s.candidate_id, len(s.facts)) for s in model.states()] == [("quiet", 4)]
    assert model.positions() == {}, "positions only with the last states"

    back = recorded(sent("q9", candidate_id="quiet"))
    writer.add([back, quiet[0]], {"t-0": 11})  # it returns, with a redelivery
    assert writer.finish() == 11
    assert {s.candidate_id: len(s.facts) for s in model.states()} == {"quiet": 5, "busy": 6}
    assert model.positions() == {"t-0": 11}
