"""Replay runs are recorded whole, and each partner is shown only its own share."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from outreach_domain.digest import Digests, compare_by_partner
from outreach_replay.partner_runs import PartnerRuns
from outreach_replay.rebuild import PartnerScope
from outreach_replay.runs import RunRecord, RunStore
from tests.support.databases import sqlite_store

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
REPLAYED = Digests({("acme", "a1"): "1" * 64, ("acme", "a2"): "2" * 64, ("globex", "g1"): "3" * 64})


def _record(engine: Engine, live: Digests, started: datetime) -> int:
    return RunStore(engine).record(
        RunRecord(
            started_at=started,
            finished_at=started + timedelta(seconds=3),
            operator="auditor@host",
            source="kafka",
            source_range={"t-0": (0, 41), "t-1": (0, 17)},
            target="temporary SQLite store (deleted)",
            events=60,
            seconds=2.5,
            live_digest=live.total,
            replay_digest=REPLAYED.total,
            partners=compare_by_partner(REPLAYED, live),
            scopes={
                "acme": PartnerScope(40, started - timedelta(hours=1)),
                "globex": PartnerScope(20),
            },
        )
    )


def test_each_partner_sees_its_own_digests_and_differences(tmp_path: Path) -> None:
    engine = sqlite_store(tmp_path / "live.db")
    tampered = Digests({**REPLAYED.states, ("globex", "g1"): "0" * 64, ("globex", "g9"): "9" * 64})
    first = _record(engine, REPLAYED, T0)
    second = _record(engine, tampered, T0 + timedelta(days=1))

    acme = PartnerRuns(engine).list("acme")
    assert [r.run_id for r in acme] == [second, first]
    assert all(r.matched and r.differing_candidates == [] for r in acme)
    assert acme[0].live is not None
    assert acme[0].replay is not None
    assert acme[0].live.digest == acme[0].replay.digest == REPLAYED.by_partner()["acme"].digest
    assert (acme[0].events, acme[0].live.candidates) == (40, 2)
    assert acme[0].newest_received_at == T0 + timedelta(days=1, hours=-1)
    assert acme[0].started_at == T0 + timedelta(days=1)
    assert REPLAYED.total not in acme[0].model_dump_json(), "no whole-store digest"

    globex = PartnerRuns(engine).list("globex")
    assert [(r.run_id, r.matched, r.differing) for r in globex] == [
        (second, False, 2),
        (first, True, 0),
    ]
    assert [(d.candidate_id, d.kind) for d in globex[0].differing_candidates] == [
        ("g1", "differs"), ("g9", "unexpected"),
    ]  # fmt: skip
    assert PartnerRuns(engine).list("initech") == []

    newest, oldest = RunStore(engine).runs()
    assert (newest["run_id"], newest["matched"], newest["differing"]) == (second, False, 2)
    assert (oldest["live_digest"], oldest["replay_digest"]) == (REPLAYED.total, REPLAYED.total)
