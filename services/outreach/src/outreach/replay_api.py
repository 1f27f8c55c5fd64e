"""``GET /v1/replays``: the replay runs that covered the caller's candidates.

A partner's auditor (a key with ``audit:read``) sees, per run, who ran it and when, how
many of the partner's events it read, and the partner's own digests, result and differing
candidates: never another partner's. ``outreach replays`` shows operators everything.
"""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from pydantic import AfterValidator, BaseModel
from sqlalchemy import Engine, select

from outreach.replay_runs import RunStore, replay_differences, replay_partners, replay_runs
from outreach_platform.http.auth import require
from outreach_platform.keys import Principal, Scope

router = APIRouter(prefix="/v1", tags=["audit"])


def mount(app: FastAPI, engine: Engine) -> None:
    RunStore(engine)  # creates the tables: a store no replay has run against lists nothing
    app.include_router(router)


def _utc(moment: datetime) -> datetime:
    # SQLite hands back the UTC moments we stored without their offset.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


Moment = Annotated[datetime, AfterValidator(_utc)]


class StoreDigest(BaseModel):
    candidates: int
    digest: str


class Differing(BaseModel):
    candidate_id: str
    kind: str
    """differs (both stores hold it, differently), missing (not in the live read model),
    unexpected (only in the live read model)"""


class PartnerRun(BaseModel):
    run_id: int
    started_at: Moment
    finished_at: Moment
    operator: str
    source: str
    partner: str
    events: int
    newest_received_at: Moment | None
    live: StoreDigest | None
    replay: StoreDigest | None
    matched: bool
    differing: int
    differing_candidates: list[Differing]


class Replays(BaseModel):
    replays: list[PartnerRun]


@router.get("/replays", response_model=Replays)
def list_replays(
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.AUDIT_READ))],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Replays:
    """Replay runs over the caller's candidates, newest first, with the caller's share."""
    engine: Engine = request.app.state.parts.engine
    return Replays(replays=partner_runs(engine, principal.partner, limit))


def partner_runs(engine: Engine, partner: str, limit: int = 50) -> list[PartnerRun]:
    runs, parts, diffs = replay_runs.c, replay_partners.c, replay_differences.c
    query = (
        select(runs.run_id, runs.started_at, runs.finished_at, runs.operator, runs.source)
        .add_columns(*(c for c in replay_partners.c if c.name != "run_id"))
        .join(replay_partners, parts.run_id == runs.run_id)
        .where(parts.partner == partner)
        .order_by(runs.run_id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
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
