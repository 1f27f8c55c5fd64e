"""Facts as rows (ADR 0011) change no digest: the states the projection and the replay
store as rows digest exactly as the states the earlier blob column held (the fold of the
same events, written as one JSON document and read back), candidate by candidate."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from outreach.demo_data import demo_candidates
from outreach_contract.v1 import RecordedEvent
from outreach_diagnostics.states import StateCache
from outreach_domain import CandidateState, apply_all, empty_state
from outreach_domain.digest import Digests, state_digest
from outreach_projection.write import ProjectionStore
from outreach_replay.snapshot import snapshot
from outreach_replay.writer import ReplayWriter
from tests.support.databases import sqlite_store

TODAY = date(2026, 11, 20)


def _fixture() -> list[RecordedEvent]:
    """The demo candidates' events (every reason, a healthy one), received over a day."""
    made: list[RecordedEvent] = []
    for _, events in sorted(demo_candidates(TODAY).items()):
        for envelope in events:
            made.append(
                RecordedEvent.model_validate(
                    {
                        "partner": "acme" if len(made) % 3 else "globex",
                        "received_at": datetime(2026, 11, 20, tzinfo=UTC)
                        + timedelta(seconds=len(made)),
                        "position": len(made) + 1,
                        "event": envelope,
                    }
                )
            )
    return made


def _blob_digests(events: list[RecordedEvent]) -> Digests:
    """How digests were taken before ADR 0011: the fold, stored as one JSON document."""
    keys = sorted({(item.partner, item.event.candidate_id) for item in events})
    states = []
    for key in keys:
        state = apply_all(empty_state(*key), [e for e in events if e.stream_key == "/".join(key)])
        states.append(CandidateState.model_validate_json(state.model_dump_json()))
    return Digests.of(states)


def test_rows_digest_as_the_blob_did_live_and_in_replay(tmp_path: Path) -> None:
    events = _fixture()
    assert len({e.stream_key for e in events}) > 8
    expected = _blob_digests(events)

    live = ProjectionStore(sqlite_store(tmp_path / "live.db"))
    for start in range(0, len(events), 7):
        live.apply(events[start : start + 7] + events[:1], {"list": start})
    writer = ReplayWriter(sqlite_store(tmp_path / "replay.db"), memory_events=50)
    for start in range(0, len(events), 11):
        writer.add(events[start : start + 11], {"list": start})
    writer.finish()

    assert snapshot(live.engine).digests == expected
    assert snapshot(writer.engine).digests == expected
    assert Digests.of(live.states()) == expected
    cache = StateCache(live)
    for (partner, candidate_id), value in expected.states.items():
        cached = cache.get(partner, candidate_id)
        assert cached is not None
        assert state_digest(cached) == value
