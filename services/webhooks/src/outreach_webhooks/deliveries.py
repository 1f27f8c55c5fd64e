"""Deliveries after their attempts: an outcome recorded, the list a partner reads, and
a failed delivery sent again."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Row, insert, select, update

from outreach_platform.database import read_only
from outreach_webhooks.backoff import Schedule
from outreach_webhooks.claims import Claimed
from outreach_webhooks.endpoints import owned
from outreach_webhooks.outcomes import Answer, DeliveryStatus, Settled, describe, settle
from outreach_webhooks.tables import webhook_attempts, webhook_deliveries, webhook_endpoints

d, e, a = webhook_deliveries.c, webhook_endpoints.c, webhook_attempts.c
DISABLED = "the endpoint was disabled after {n} failed deliveries in a row"


@dataclass(frozen=True)
class Policy:
    schedule: Schedule
    disable_after: int


def record(
    engine: Engine, claimed: Claimed, answer: Answer, seconds: float, policy: Policy
) -> Settled | None:
    """The attempt and what it settles, in one transaction; None when the claim was lost
    (it ran out and another deliverer took the delivery, or the endpoint was deleted)."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        failures = conn.execute(
            select(e.consecutive_failures).where(e.id == claimed.endpoint_id)
        ).scalar()
        if failures is None:
            return None
        settled = settle(
            answer, claimed.attempts, failures, policy.schedule, policy.disable_after, now
        )
        error = describe(answer)
        changed = conn.execute(
            update(webhook_deliveries)
            .where(d.id == claimed.delivery_id, d.claimed_by == claimed.token)
            .values(
                status=settled.status,
                attempts=settled.attempts,
                next_attempt_at=settled.next_attempt_at or now,
                claimed_by=None,
                claimed_until=None,
                last_status_code=answer.status_code,
                last_error=error,
                updated_at=now,
            )
        ).rowcount
        if changed != 1:
            return None
        conn.execute(
            insert(webhook_attempts).values(
                delivery_id=claimed.delivery_id,
                attempted_at=now,
                status_code=answer.status_code,
                error=error,
                duration_seconds=seconds,
            )
        )
        if settled.status is not DeliveryStatus.PENDING:
            endpoint: dict[str, object] = {"consecutive_failures": settled.consecutive_failures}
            if settled.disable:
                endpoint["disabled_at"] = now
            conn.execute(
                update(webhook_endpoints)
                .where(e.id == claimed.endpoint_id, e.disabled_at.is_(None))
                .values(**endpoint)
            )
        if settled.disable:
            # What waits for a disabled endpoint is failed too: listed, and re-sendable.
            conn.execute(
                update(webhook_deliveries)
                .where(d.endpoint_id == claimed.endpoint_id, d.status == DeliveryStatus.PENDING)
                .values(
                    status=DeliveryStatus.FAILED,
                    last_error=DISABLED.format(n=settled.consecutive_failures),
                    claimed_by=None,
                    claimed_until=None,
                    updated_at=now,
                )
            )
    return settled


@dataclass(frozen=True)
class Attempt:
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_seconds: float


@dataclass(frozen=True)
class Delivery:
    id: str
    event_type: str
    change_seq: int
    status: DeliveryStatus
    attempts: list[Attempt]
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    payload: str


class DeliveryStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def list(
        self, partner: str, endpoint_id: str, limit: int, before_seq: int | None
    ) -> list[Delivery] | None:
        """The endpoint's deliveries, newest change first; None if not the partner's."""
        query = select(webhook_deliveries).where(d.endpoint_id == endpoint_id)
        if before_seq is not None:
            query = query.where(d.change_seq < before_seq)
        with read_only(self._engine).connect() as conn:
            if owned(conn, partner, endpoint_id) is None:
                return None
            rows = list(conn.execute(query.order_by(d.change_seq.desc()).limit(limit)))
            attempts: dict[str, list[Attempt]] = {}
            listed = conn.execute(
                select(webhook_attempts)
                .where(a.delivery_id.in_([r.id for r in rows]))
                .order_by(a.id)
            )
            for t in listed:
                attempts.setdefault(t.delivery_id, []).append(
                    Attempt(t.attempted_at, t.status_code, t.error, t.duration_seconds)
                )
        return [_delivery(r, attempts.get(r.id, [])) for r in rows]

    def retry(self, partner: str, endpoint_id: str, delivery_id: str) -> DeliveryStatus | None:
        """Send a failed delivery again, now; its endpoint, if disabled, is enabled again
        (the partner says the receiver is fixed). Returns the status the delivery had
        (only a failed one is re-sent), or None if there is no such delivery."""
        now = datetime.now(UTC)
        with self._engine.begin() as conn:
            if owned(conn, partner, endpoint_id) is None:
                return None
            status = conn.execute(
                select(d.status).where(d.id == delivery_id, d.endpoint_id == endpoint_id)
            ).scalar()
            if status != DeliveryStatus.FAILED:
                return None if status is None else DeliveryStatus(status)
            conn.execute(
                update(webhook_deliveries)
                .where(d.id == delivery_id)
                .values(status=DeliveryStatus.PENDING, next_attempt_at=now, updated_at=now)
            )
            conn.execute(
                update(webhook_endpoints)
                .where(e.id == endpoint_id, e.disabled_at.is_not(None))
                .values(disabled_at=None, consecutive_failures=0)
            )
        return DeliveryStatus.FAILED


def _delivery(r: Row[Any], attempts: list[Attempt]) -> Delivery:
    status = DeliveryStatus(r.status)
    return Delivery(
        id=r.id,
        event_type="diagnosis.changed",
        change_seq=r.change_seq,
        status=status,
        attempts=attempts,
        next_attempt_at=r.next_attempt_at if status is DeliveryStatus.PENDING else None,
        last_status_code=r.last_status_code,
        last_error=r.last_error,
        created_at=r.created_at,
        payload=r.payload,
    )
