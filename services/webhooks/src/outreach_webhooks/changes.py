"""The verdict change log as the fan-out reads it (written by the verdict refresh, in
the transaction of each verdict change). Declared here as a lightweight table of the
columns read, so that this service depends on the log's shape, not on its writer."""

from sqlalchemy import Connection, Date, Integer, String, column, select, table

from outreach_platform.sql import UtcDateTime
from outreach_webhooks.messages import VerdictChange

verdict_changes = table(
    "verdict_changes",
    column("seq", Integer),
    column("partner", String),
    column("candidate_id", String),
    column("reason", String),
    column("from_status", String),
    column("to_status", String),
    column("as_of", Date),
    column("rules_version", String),
    column("changed_at", UtcDateTime),
)


def changes_after(conn: Connection, seq: int, limit: int) -> list[VerdictChange]:
    c = verdict_changes.c
    rows = conn.execute(select(verdict_changes).where(c.seq > seq).order_by(c.seq).limit(limit))
    return [VerdictChange(**row._mapping) for row in rows]
