"""A rebuild from the event store equals the live projection; a tampered row is named."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, update

from outreach_contract.v1 import EVENT_ADAPTER
from outreach_domain.digest import Difference, Kind, compare_by_partner, differences
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.readmodel import candidate_facts
from outreach_projection.feeds import EventStoreFeed
from outreach_projection.projector import Projector
from outreach_projection.write import ProjectionStore
from outreach_replay.rebuild import rebuild
from outreach_replay.snapshot import snapshot
from outreach_replay.sources import StoreSource
from outreach_replay.writer import ReplayWriter
from tests.support.databases import sqlite_store
from tests.support.factories import sent

T0 = datetime(2026, 10, 6, 12, tzinfo=UTC)


def _live(tmp_path: Path) -> tuple[Intake, ProjectionStore]:
    intake = Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    for n, partner in enumerate(["acme", "globex", "acme"]):
        batch = [sent(f"c{n}-{i}", candidate_id=f"cand-{i % 3}") for i in range(9)]
        events = [EVENT_ADAPTER.validate_python(e) for e in batch]
        intake.record(partner, "key1", events, T0 + timedelta(minutes=n))
        intake.record(partner, "key1", events[:2], T0 + timedelta(minutes=n, seconds=30))
    live = ProjectionStore(sqlite_store(tmp_path / "live.db"))
    Projector(live, EventStoreFeed(OutboxReader(intake)), batch_size=4).catch_up()
    return intake, live


def _rebuild(intake: Intake, tmp_path: Path) -> ReplayWriter:
    outbox = OutboxReader(intake)
    writer = ReplayWriter(sqlite_store(tmp_path / "replay.db"), memory_events=10)
    stats = rebuild(StoreSource(outbox, outbox.head(), batch_size=4), writer)
    assert (stats.events, stats.applied, stats.unreadable) == (27, 27, 0)
    assert {p: s.events for p, s in stats.partners.items()} == {"acme": 18, "globex": 9}
    assert stats.partners["acme"].newest_received_at == T0 + timedelta(minutes=2)
    return writer


def test_a_rebuild_gives_the_live_digests_and_positions(tmp_path: Path) -> None:
    intake, live = _live(tmp_path)
    replayed, current = snapshot(_rebuild(intake, tmp_path).engine), snapshot(live.engine)
    assert len(current.digests.states) == 6
    assert replayed.digests.total == current.digests.total
    assert replayed.positions == current.positions
    assert all(p.matched for p in compare_by_partner(replayed.digests, current.digests))


def test_a_tampered_or_unreadable_row_is_named(tmp_path: Path) -> None:
    intake, live = _live(tmp_path)
    reference = snapshot(_rebuild(intake, tmp_path).engine).digests
    row = candidate_facts.c
    with live.engine.begin() as conn:
        acme_1 = (row.partner == "acme") & (row.candidate_id == "cand-1") & (row.seq == 2)
        conn.execute(delete(candidate_facts).where(acme_1))  # a fact gone
        globex_2 = (row.partner == "globex") & (row.candidate_id == "cand-2") & (row.seq == 1)
        broken = json.dumps({"not": "a fact"})
        conn.execute(update(candidate_facts).where(globex_2).values(body=broken))
    checked = snapshot(live.engine).digests
    assert checked.total != reference.total
    assert differences(reference, checked) == [
        Difference("acme", "cand-1", Kind.DIFFERS),
        Difference("globex", "cand-2", Kind.DIFFERS),
    ]
    assert checked.states[("globex", "cand-2")].startswith("unreadable-")
