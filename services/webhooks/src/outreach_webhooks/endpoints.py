"""Partners' webhook endpoints: registered, listed, deleted, always within one partner."""

import base64
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, func, insert, select

from outreach_platform.database import read_only
from outreach_webhooks.fanout import Subscriber
from outreach_webhooks.tables import webhook_attempts, webhook_deliveries, webhook_endpoints

SECRET_BYTES = 24  # 192 bits, as Standard Webhooks asks (24 to 64 bytes)


@dataclass(frozen=True)
class Endpoint:
    id: str
    partner: str
    url: str
    events: tuple[str, ...]
    secret: str
    created_at: datetime
    disabled_at: datetime | None
    consecutive_failures: int


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


class EndpointStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def create(self, partner: str, url: str, events: tuple[str, ...]) -> Endpoint:
        endpoint = Endpoint(
            id=f"ep_{secrets.token_hex(12)}",
            partner=partner,
            url=url,
            events=events,
            secret=new_secret(),
            created_at=datetime.now(UTC),
            disabled_at=None,
            consecutive_failures=0,
        )
        row = {**endpoint.__dict__, "events": " ".join(events)}
        with self._engine.begin() as conn:
            conn.execute(insert(webhook_endpoints).values(**row))
        return endpoint

    def list(self, partner: str) -> list[Endpoint]:
        e = webhook_endpoints.c
        query = select(webhook_endpoints).where(e.partner == partner).order_by(e.created_at, e.id)
        with read_only(self._engine).connect() as conn:
            return [_endpoint(row._mapping) for row in conn.execute(query)]

    def get(self, partner: str, endpoint_id: str) -> Endpoint | None:
        """The partner's endpoint; None for another partner's, as for a missing one."""
        with read_only(self._engine).connect() as conn:
            return owned(conn, partner, endpoint_id)

    def delete(self, partner: str, endpoint_id: str) -> bool:
        """The endpoint, its deliveries and their attempts, in one transaction: a delivery
        in flight finds its row gone and records nothing."""
        with self._engine.begin() as conn:
            if owned(conn, partner, endpoint_id) is None:
                return False
            d = webhook_deliveries.c
            ids = select(d.id).where(d.endpoint_id == endpoint_id).scalar_subquery()
            conn.execute(delete(webhook_attempts).where(webhook_attempts.c.delivery_id.in_(ids)))
            conn.execute(delete(webhook_deliveries).where(d.endpoint_id == endpoint_id))
            conn.execute(delete(webhook_endpoints).where(webhook_endpoints.c.id == endpoint_id))
        return True


def owned(conn: Connection, partner: str, endpoint_id: str) -> Endpoint | None:
    e = webhook_endpoints.c
    row = conn.execute(
        select(webhook_endpoints).where(e.id == endpoint_id, e.partner == partner)
    ).first()
    return _endpoint(row._mapping) if row else None


def subscribers(conn: Connection, partners: set[str]) -> list[Subscriber]:
    """The enabled endpoints of ``partners``."""
    if not partners:
        return []
    e = webhook_endpoints.c
    # In id order: fan-outs running at once then insert their rows in one order, and on
    # PostgreSQL wait for each other instead of deadlocking.
    rows = conn.execute(
        select(e.id, e.partner, e.events, e.created_at)
        .where(e.partner.in_(sorted(partners)), e.disabled_at.is_(None))
        .order_by(e.id)
    )
    return [Subscriber(r.id, r.partner, frozenset(r.events.split()), r.created_at) for r in rows]


def disabled_counts(engine: Engine) -> dict[str, int]:
    """Disabled endpoints per partner (a gauge read at each scrape)."""
    e = webhook_endpoints.c
    query = select(e.partner, func.count()).where(e.disabled_at.is_not(None)).group_by(e.partner)
    with read_only(engine).connect() as conn:
        return {partner: int(count) for partner, count in conn.execute(query)}


def _endpoint(row: object) -> Endpoint:
    values = dict(row)  # type: ignore[call-overload]
    values["events"] = tuple(values["events"].split())
    return Endpoint(**values)
