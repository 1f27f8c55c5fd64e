"""``GET /v1/candidates``: a partner's candidates with their stored statuses, one page at a
time, in candidate id order (ADR 0013).

Keyset paging on the candidate id, which never changes: a page starts after the last id
of the previous one, so a candidate is never skipped nor repeated while verdicts change
meanwhile (one whose statuses move in or out of the filter between pages is listed by
the state it has when its page is read). A page and its statuses are read in one
transaction.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, and_, exists, select

from outreach_platform.database import read_only
from outreach_platform.verdicts import candidate_verdicts, verdict_heads


@dataclass(frozen=True)
class Filters:
    reason: str | None = None
    status: str | None = None
    changed_since: datetime | None = None
    country: str | None = None


@dataclass(frozen=True)
class Listed:
    candidate_id: str
    updated_at: datetime
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    items: list[Listed]
    last: str | None  # the id to start the next page after; None on the last page


def list_candidates(
    engine: Engine, partner: str, filters: Filters, after: str | None, limit: int
) -> Page:
    h, v = verdict_heads, candidate_verdicts
    query = select(h.c.candidate_id, h.c.updated_at).where(h.c.partner == partner)
    if after is not None:
        query = query.where(h.c.candidate_id > after)
    if filters.country is not None:
        query = query.where(h.c.country == filters.country)
    if filters.changed_since is not None:
        query = query.where(h.c.updated_at >= filters.changed_since)
    if filters.reason is not None or filters.status is not None:
        mine = and_(v.c.partner == h.c.partner, v.c.candidate_id == h.c.candidate_id)
        if filters.reason is not None:
            mine = and_(mine, v.c.reason == filters.reason)
        if filters.status is not None:
            mine = and_(mine, v.c.status == filters.status)
        query = query.where(exists().where(mine))
    query = query.order_by(h.c.candidate_id).limit(limit + 1)  # one more: is there a next?
    with read_only(engine).begin() as conn:
        rows = list(conn.execute(query))[: limit + 1]
        more, rows = len(rows) > limit, rows[:limit]
        ids = [row.candidate_id for row in rows]
        statuses = conn.execute(
            select(v.c.candidate_id, v.c.reason, v.c.status).where(
                v.c.partner == partner, v.c.candidate_id.in_(ids)
            )
        )
        reasons: dict[str, dict[str, str]] = {}
        for row in statuses:
            reasons.setdefault(row.candidate_id, {})[row.reason] = row.status
    items = [Listed(r.candidate_id, r.updated_at, reasons.get(r.candidate_id, {})) for r in rows]
    return Page(items, ids[-1] if more and ids else None)
