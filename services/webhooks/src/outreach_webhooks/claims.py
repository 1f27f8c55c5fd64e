"""Which due deliveries a deliverer takes, and its claim on them.

A claim is a lease (``claimed_until``): no other deliverer sends a claimed delivery, and
a claim that runs out (its deliverer crashed) frees the delivery for the next one. Each
endpoint has at most ``per_endpoint`` deliveries in flight: a slow or dead endpoint
holds that many of the deliverer's slots, never all of them, and others' deliveries go
on. Claiming is a conditional UPDATE: two deliverers that choose the same row race on
it, and one of them updates nothing."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, Engine, and_, case, func, or_, select, update

from outreach_webhooks.outcomes import DeliveryStatus
from outreach_webhooks.tables import webhook_deliveries, webhook_endpoints

d, e = webhook_deliveries.c, webhook_endpoints.c


@dataclass(frozen=True)
class Claimed:
    delivery_id: str
    endpoint_id: str
    partner: str
    url: str
    secret: str
    payload: str
    attempts: int
    token: str  # the claim's own id: only its holder records the outcome


def claim(
    engine: Engine, limit: int, per_endpoint: int, lease: timedelta, now: datetime
) -> list[Claimed]:
    if limit < 1:
        return []
    token = secrets.token_hex(8)
    with engine.begin() as conn:
        chosen = _choose(conn, limit, per_endpoint, now)
        if not chosen:
            return []
        conn.execute(
            update(webhook_deliveries)
            .where(d.id.in_(chosen), _unclaimed(now), d.status == DeliveryStatus.PENDING)
            .values(claimed_by=token, claimed_until=now + lease)
        )
        rows = conn.execute(
            select(d.id, d.endpoint_id, d.partner, d.payload, d.attempts, e.url, e.secret)
            .join(webhook_endpoints, e.id == d.endpoint_id)
            .where(d.claimed_by == token)
        )
        return [
            Claimed(r.id, r.endpoint_id, r.partner, r.url, r.secret, r.payload, r.attempts, token)
            for r in rows
        ]


def _unclaimed(now: datetime) -> ColumnElement[bool]:
    return or_(d.claimed_until.is_(None), d.claimed_until < now)


def _choose(conn: Connection, limit: int, per_endpoint: int, now: datetime) -> list[str]:
    """Due deliveries of enabled endpoints, oldest due first, at most ``per_endpoint``
    per endpoint counting those already in flight. One statement, so that what is in
    flight and what is due are read from one snapshot (read separately, a claim
    committed in between let an endpoint get one more than its share)."""
    due = and_(d.next_attempt_at <= now, _unclaimed(now))
    is_due = case((due, 1), else_=0)
    flying = func.sum(case((d.claimed_until >= now, 1), else_=0)).over(partition_by=d.endpoint_id)
    rank = func.row_number().over(
        partition_by=(d.endpoint_id, is_due), order_by=(d.next_attempt_at, d.id)
    )
    pending = (
        select(
            d.id,
            d.next_attempt_at,
            is_due.label("due"),
            rank.label("rank"),
            flying.label("flying"),
        )
        .join(webhook_endpoints, e.id == d.endpoint_id)
        .where(d.status == DeliveryStatus.PENDING, e.disabled_at.is_(None))
        .subquery()
    )
    p = pending.c
    rows = conn.execute(
        select(p.id)
        .where(p.due == 1, p.rank + p.flying <= per_endpoint)
        .order_by(p.next_attempt_at, p.id)
        .limit(limit)
    )
    return [r.id for r in rows]
