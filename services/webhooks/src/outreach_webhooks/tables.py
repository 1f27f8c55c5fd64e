"""The webhooks' tables: endpoints, their deliveries, each delivery's attempts, and the
fan-out's watermark in the verdict change log."""

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from outreach_platform.database import METADATA
from outreach_platform.sql import UtcDateTime

webhook_endpoints = Table(
    "webhook_endpoints",
    METADATA,
    Column("id", String(40), primary_key=True),
    Column("partner", String(64), nullable=False, index=True),
    Column("url", String(2000), nullable=False),
    Column("events", String(400), nullable=False),  # space-separated event types
    # Kept in the clear: every attempt signs with it (ADR 0014 says what that costs).
    Column("secret", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("disabled_at", UtcDateTime, nullable=True),
    Column("consecutive_failures", Integer, nullable=False, default=0),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    METADATA,
    Column("id", String(40), primary_key=True),  # the webhook-id header
    Column("endpoint_id", String(40), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("change_seq", Integer, nullable=False),  # verdict_changes.seq it came from
    Column("payload", Text, nullable=False),  # the exact body that is signed and sent
    Column("status", String(10), nullable=False),  # pending, delivered, failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    # A deliverer's claim: until then no other instance sends it; a crashed deliverer's
    # claim runs out and the delivery is sent again (at-least-once).
    Column("claimed_by", String(40), nullable=True),
    Column("claimed_until", UtcDateTime, nullable=True),
    Column("last_status_code", Integer, nullable=True),
    Column("last_error", String(300), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_endpoint", "endpoint_id", "change_seq", unique=True),
)

webhook_attempts = Table(
    "webhook_attempts",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delivery_id", String(40), nullable=False, index=True),
    Column("attempted_at", UtcDateTime, nullable=False),
    Column("status_code", Integer, nullable=True),  # None: no answer (refused, timed out)
    Column("error", String(300), nullable=True),
    Column("duration_seconds", Float, nullable=False),
)

webhook_fanout = Table(
    "webhook_fanout",
    METADATA,
    Column("name", String(40), primary_key=True),
    Column("seq", Integer, nullable=False),  # every change up to here has its deliveries
)
