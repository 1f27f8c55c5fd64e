"""One partner's share of the recorded replay runs: what its auditor is shown."""

from sqlalchemy import Engine, select

from outreach_platform.database import read_only
from outreach_replay.runs import replay_differences, replay_partners, replay_runs
from outreach_replay.schemas import Differing, PartnerRun, StoreDigest


class PartnerRuns:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def list(self, partner: str, limit: int = 50) -> list[PartnerRun]:
        """The runs that covered ``partner``'s candidates, newest first, with its share."""
        return _partner_runs(self._engine, partner, limit)


def _partner_runs(engine: Engine, partner: str, limit: int) -> list[PartnerRun]:
    runs, parts, diffs = replay_runs.c, replay_partners.c, replay_differences.c
    query = (
        select(runs.run_id, runs.started_at, runs.finished_at, runs.operator, runs.source)
        .add_columns(*(c for c in replay_partners.c if c.name != "run_id"))
        .join(replay_partners, parts.run_id == runs.run_id)
        .where(parts.partner == partner)
        .order_by(runs.run_id.desc())
        .limit(limit)
    )
    with read_only(engine).connect() as conn:
        rows = list(conn.execute(query))
        listed = conn.execute(
            select(diffs.run_id, diffs.candidate_id, diffs.kind)
            .where(diffs.partner == partner, diffs.run_id.in_([r.run_id for r in rows]))
            .order_by(diffs.candidate_id)
        )
        by_run: dict[int, list[Differing]] = {}
        for d in listed:
            by_run.setdefault(d.run_id, []).append(
                Differing(candidate_id=d.candidate_id, kind=d.kind)
            )
    return [
        PartnerRun(
            run_id=r.run_id,
            started_at=r.started_at,
            finished_at=r.finished_at,
            operator=r.operator,
            source=r.source,
            partner=partner,
            events=r.events,
            newest_received_at=r.newest_received_at,
            live=_store_digest(r.live_candidates, r.live_digest),
            replay=_store_digest(r.replay_candidates, r.replay_digest),
            matched=r.differing == 0,
            differing=r.differing,
            differing_candidates=by_run.get(r.run_id, []),
        )
        for r in rows
    ]


def _store_digest(candidates: int, digest: str | None) -> StoreDigest | None:
    return StoreDigest(candidates=candidates, digest=digest) if digest else None
