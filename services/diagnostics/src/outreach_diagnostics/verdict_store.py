"""SQL of the verdict refresher: which candidates are due, and one candidate's write.

Thin: what to write is decided by ``verdict_diff``. A candidate's write is one
transaction that locks its head row, so concurrent refreshers of one candidate take turns
and the second finds the first one's verdicts (and writes nothing when they are as new).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, insert, or_, select, update

from outreach_diagnostics.verdict_diff import Change, Verdicts, Version, changes, supersedes
from outreach_platform.database import read_only
from outreach_platform.readmodel import CandidateKey, candidate_states
from outreach_platform.sql import upsert
from outreach_platform.verdicts import (
    candidate_verdicts,
    verdict_changes,
    verdict_heads,
    verdict_refresh,
)


@dataclass(frozen=True)
class Moved:
    key: CandidateKey
    updated_at: datetime  # candidate_states.updated_at: the watermark moves to it


def moved_since(engine: Engine, since: datetime | None, limit: int) -> list[Moved]:
    """Candidates whose state moved at or after ``since`` and whose verdicts are of an
    earlier state (or missing), oldest change first: an index range, not a scan."""
    s, h = candidate_states, verdict_heads
    query = (
        select(s.c.partner, s.c.candidate_id, s.c.updated_at)
        .outerjoin(h, and_(h.c.partner == s.c.partner, h.c.candidate_id == s.c.candidate_id))
        .where(or_(h.c.source_seq.is_(None), h.c.source_seq < s.c.last_seq))
        .order_by(s.c.updated_at)
        .limit(limit)
    )
    if since is not None:
        query = query.where(s.c.updated_at >= since)
    with read_only(engine).connect() as conn:
        return [Moved((r.partner, r.candidate_id), r.updated_at) for r in conn.execute(query)]


def rolled_over(engine: Engine, now: datetime, limit: int) -> list[CandidateKey]:
    """Candidates whose local day began since their verdicts were computed."""
    h = verdict_heads
    query = (
        select(h.c.partner, h.c.candidate_id)
        .where(h.c.next_refresh_at <= now)
        .order_by(h.c.next_refresh_at)
        .limit(limit)
    )
    with read_only(engine).connect() as conn:
        return [(r.partner, r.candidate_id) for r in conn.execute(query)]


def watermark(engine: Engine, name: str) -> tuple[datetime | None, str | None]:
    query = select(verdict_refresh).where(verdict_refresh.c.name == name)
    with read_only(engine).connect() as conn:
        row = conn.execute(query).first()
    return (row.watermark, row.rules_version) if row else (None, None)


def advance(engine: Engine, name: str, moment: datetime) -> None:
    """Move the watermark forward (never back: another refresher may be further on)."""
    with engine.begin() as conn:
        upsert(
            conn,
            verdict_refresh,
            [{"name": name, "watermark": moment, "rules_version": None}],
            update=["watermark"],
            where=lambda new: or_(
                verdict_refresh.c.watermark.is_(None), verdict_refresh.c.watermark < new.watermark
            ),
        )


def mark_rules(engine: Engine, name: str, rules_version: str, now: datetime) -> int:
    """New rules: every head of other rules is due now, to be recomputed in batches by the
    roll-over path. Once per rules version (remembered), so a restart scans nothing."""
    if watermark(engine, name)[1] == rules_version:
        return 0
    with engine.begin() as conn:
        h = verdict_heads
        marked = conn.execute(
            update(h).where(h.c.rules_version != rules_version).values(next_refresh_at=now)
        ).rowcount
        row = {"name": name, "watermark": None, "rules_version": rules_version}
        upsert(conn, verdict_refresh, [row], update=["rules_version"])
    return int(marked)


@dataclass(frozen=True)
class Head:
    version: Version
    statuses: dict[str, str]


def write(
    conn: Connection,
    key: CandidateKey,
    verdicts: Verdicts,
    country: str | None,
    next_refresh_at: datetime,
    now: datetime,
) -> list[Change]:
    """Store ``verdicts`` unless the stored ones are as new, and log the statuses that
    changed. Returns the changes (empty when nothing was written)."""
    head = _locked_head(conn, key)
    if not supersedes(verdicts.version, head.version if head else None):
        if head is not None:  # the day rolled but the verdicts were as new: due tomorrow
            _set(conn, key, next_refresh_at=next_refresh_at)
        return []
    found = changes(head.statuses if head else None, verdicts)
    version = verdicts.version
    common = {"rules_version": version.rules_version, "as_of": version.as_of}
    upsert(
        conn,
        candidate_verdicts,
        [
            {"partner": key[0], "candidate_id": key[1], "reason": reason, "status": status}
            | {"score": verdicts.scores[reason], "computed_at": now}
            | common
            for reason, status in verdicts.statuses.items()
        ],
    )
    if found:
        conn.execute(
            insert(verdict_changes),
            [
                {"partner": key[0], "candidate_id": key[1], "reason": c.reason}
                | {"from_status": c.from_status, "to_status": c.to_status, "changed_at": now}
                | common
                for c in found
            ],
        )
    values = common | {"source_seq": version.source_seq, "country": country}
    values |= {"computed_at": now, "next_refresh_at": next_refresh_at}
    if head is None:
        row = {"partner": key[0], "candidate_id": key[1], "updated_at": now} | values
        conn.execute(insert(verdict_heads), [row])  # a racing first insert fails: retried
    else:
        _set(conn, key, **values, **({"updated_at": now} if found else {}))
    return found


def _locked_head(conn: Connection, key: CandidateKey) -> Head | None:
    h, v = verdict_heads, candidate_verdicts
    mine = and_(h.c.partner == key[0], h.c.candidate_id == key[1])
    row = conn.execute(select(h).where(mine).with_for_update()).first()
    if row is None:
        return None
    statuses = conn.execute(
        select(v.c.reason, v.c.status).where(v.c.partner == key[0], v.c.candidate_id == key[1])
    )
    version = Version(row.source_seq, row.as_of, row.rules_version)
    return Head(version, {r.reason: r.status for r in statuses})


def _set(conn: Connection, key: CandidateKey, **values: Any) -> None:
    h = verdict_heads
    conn.execute(
        update(h).where(h.c.partner == key[0], h.c.candidate_id == key[1]).values(**values)
    )


__all__ = ["Moved", "advance", "mark_rules", "moved_since", "rolled_over", "watermark", "write"]
