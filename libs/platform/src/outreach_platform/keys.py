"""API keys: each belongs to one partner and carries scopes; only a hash is stored.

A key reads ``od_<key id>_<secret>``. The key id finds the row; the secret is 192
random bits, so a plain SHA-256 of it is as good as a slow hash and costs nothing
per request.
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Column, Engine, String, Table, insert, select, update

from outreach_contract.v1.events import PARTNER_PATTERN
from outreach_platform.database import METADATA, read_only
from outreach_platform.key_uses import LastUse, key_uses
from outreach_platform.sql import UtcDateTime


class Scope(StrEnum):
    EVENTS_WRITE = "events:write"
    DIAGNOSES_READ = "diagnoses:read"
    AUDIT_READ = "audit:read"
    WEBHOOKS_MANAGE = "webhooks:manage"
    CANDIDATES_EXPORT = "candidates:export"
    CANDIDATES_ERASE = "candidates:erase"


# A partner may read its own audit trail; the scopes added in DESIGN.md §3.1 (webhooks,
# export, erasure) are given only when asked for (``--scopes``).
DEFAULT_SCOPES = (Scope.EVENTS_WRITE, Scope.DIAGNOSES_READ, Scope.AUDIT_READ)
_KEY_SHAPE = re.compile(r"^od_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$")

api_keys = Table(
    "api_keys",
    METADATA,
    Column("key_id", String(12), primary_key=True),
    Column("partner", String(64), nullable=False, index=True),
    Column("secret_sha256", String(64), nullable=False),
    Column("scopes", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the partner that owns the key, and what the key may do."""

    key_id: str
    partner: str
    scopes: frozenset[Scope]


class KeyStore:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] | None = None) -> None:
        self._engine = engine
        self.last_use = LastUse(engine, clock)

    def create(self, partner: str, scopes: tuple[Scope, ...] = DEFAULT_SCOPES) -> str:
        if not re.fullmatch(PARTNER_PATTERN, partner):  # "$" alone lets "acme\n" through
            raise ValueError(f"partner {partner!r} must match {PARTNER_PATTERN}")
        key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(24)
        row = {
            "key_id": key_id,
            "partner": partner,
            "secret_sha256": _sha256(secret),
            "scopes": " ".join(sorted(set(scopes))),
            "created_at": datetime.now(UTC),
        }
        with self._engine.begin() as conn:
            conn.execute(insert(api_keys).values(**row))
        return f"od_{key_id}_{secret}"

    def authenticate(self, key: str) -> Principal | None:
        match = _KEY_SHAPE.fullmatch(key)
        if not match:
            return None
        key_id, secret = match.groups()
        with read_only(self._engine).connect() as conn:
            row = conn.execute(
                select(api_keys).where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
            ).first()
        if row is None or not hmac.compare_digest(row.secret_sha256, _sha256(secret)):
            return None
        scopes = frozenset(Scope(s) for s in row.scopes.split())
        self.last_use.note(key_id)
        return Principal(key_id=key_id, partner=row.partner, scopes=scopes)

    def revoke(self, key_id: str) -> bool:
        with self._engine.begin() as conn:
            result = conn.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        return result.rowcount == 1

    def list(self, partner: str | None = None) -> list[dict[str, object]]:
        """Every key but its secret hash, with when it was last used (to the minute)."""
        shown = [c for c in api_keys.c if c.name != "secret_sha256"]
        query = (
            select(*shown, key_uses.c.last_used_at)
            .select_from(api_keys.outerjoin(key_uses, key_uses.c.key_id == api_keys.c.key_id))
            .order_by(api_keys.c.created_at)
        )
        if partner:
            query = query.where(api_keys.c.partner == partner)
        with read_only(self._engine).connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
