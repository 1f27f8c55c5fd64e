"""The record of replay runs: who ran one, when, over which range, the digests and the
result. Digests and differences are kept per partner too, so that a partner's auditor
is shown the runs that covered their candidates, and only their share of each."""

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Engine,
    Float,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
)

from outreach_domain.digest import PartnerComparison, PartnerDigest
from outreach_platform.database import METADATA, read_only
from outreach_platform.sql import UtcDateTime
from outreach_replay.rebuild import PartnerScope

MAX_LISTED_DIFFERENCES = 1_000  # per partner and run; the count stays exact

replay_runs = Table(
    "replay_runs",
    METADATA,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=False),
    Column("operator", String(200), nullable=False),
    Column("source", String(20), nullable=False),
    Column("source_range", Text, nullable=False),  # JSON: feed -> [first, last] positions
    Column("target", Text, nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("live_digest", String(64), nullable=False),
    Column("replay_digest", String(64), nullable=False),
    Column("matched", Boolean, nullable=False),
    Column("differing", Integer, nullable=False),
)
replay_partners = Table(
    "replay_partners",
    METADATA,
    Column("run_id", Integer, primary_key=True),
    Column("partner", String(64), primary_key=True),
    Column("events", BigInteger, nullable=False),
    Column("newest_received_at", UtcDateTime, nullable=True),
    Column("live_candidates", Integer, nullable=False),
    Column("live_digest", String(64), nullable=True),
    Column("replay_candidates", Integer, nullable=False),
    Column("replay_digest", String(64), nullable=True),
    Column("differing", Integer, nullable=False),
)
replay_differences = Table(
    "replay_differences",
    METADATA,
    Column("run_id", Integer, primary_key=True),
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("kind", String(20), nullable=False),
)


@dataclass(frozen=True)
class RunRecord:
    started_at: datetime
    finished_at: datetime
    operator: str
    source: str
    source_range: dict[str, tuple[int, int]]
    target: str
    events: int
    seconds: float
    live_digest: str
    replay_digest: str
    partners: list[PartnerComparison]
    """reference = the replay, checked = the live read model"""
    scopes: dict[str, PartnerScope]

    @property
    def differing(self) -> int:
        return sum(len(p.differences) for p in self.partners)


class RunStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, run: RunRecord) -> int:
        with self._engine.begin() as conn:
            inserted = conn.execute(
                insert(replay_runs).values(
                    started_at=run.started_at,
                    finished_at=run.finished_at,
                    operator=run.operator,
                    source=run.source,
                    source_range=json.dumps(run.source_range, sort_keys=True),
                    target=run.target,
                    events=run.events,
                    seconds=run.seconds,
                    live_digest=run.live_digest,
                    replay_digest=run.replay_digest,
                    matched=run.differing == 0,
                    differing=run.differing,
                )
            ).inserted_primary_key
            assert inserted is not None
            run_id: int = inserted[0]
            for part in run.partners:
                scope = run.scopes.get(part.partner, PartnerScope())
                conn.execute(
                    insert(replay_partners).values(
                        run_id=run_id,
                        partner=part.partner,
                        events=scope.events,
                        newest_received_at=scope.newest_received_at,
                        **_digest_columns("live", part.checked),
                        **_digest_columns("replay", part.reference),
                        differing=len(part.differences),
                    )
                )
                listed = part.differences[:MAX_LISTED_DIFFERENCES]
                if listed:
                    conn.execute(
                        insert(replay_differences),
                        [
                            {
                                "run_id": run_id,
                                "partner": d.partner,
                                "candidate_id": d.candidate_id,
                                "kind": d.kind.value,
                            }
                            for d in listed
                        ],
                    )
        return run_id

    def runs(self, limit: int = 50) -> list[dict[str, object]]:
        """Every run, newest first (the operator's view)."""
        query = select(replay_runs).order_by(replay_runs.c.run_id.desc()).limit(limit)
        with read_only(self._engine).connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]


def _digest_columns(prefix: str, digest: PartnerDigest | None) -> dict[str, object]:
    return {
        f"{prefix}_candidates": digest.candidates if digest else 0,
        f"{prefix}_digest": digest.digest if digest else None,
    }
