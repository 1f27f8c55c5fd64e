"""The verdict change log as the fan-out reads it: ``verdict_changes`` (outreach_platform
.verdicts), written by the verdict refresh in the transaction of each verdict change."""

from sqlalchemy import Connection, select

from outreach_platform.verdicts import verdict_changes
from outreach_webhooks.messages import VerdictChange


def changes_after(conn: Connection, seq: int, limit: int) -> list[VerdictChange]:
    c = verdict_changes.c
    rows = conn.execute(select(verdict_changes).where(c.seq > seq).order_by(c.seq).limit(limit))
    return [VerdictChange(**row._mapping) for row in rows]
