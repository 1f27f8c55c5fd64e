"""Rows for the verdict change log and counts of what the webhooks made of them, for the
webhook tests on SQLite and PostgreSQL alike."""

from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, insert, select

from outreach_platform.verdicts import verdict_changes
from outreach_webhooks.tables import webhook_deliveries


def log_changes(engine: Engine, partner: str, n: int, from_status: str | None = None) -> None:
    """``n`` status changes of ``partner``'s candidates c0..c{n-1}, as the refresher logs."""
    rows = [
        {
            "partner": partner,
            "candidate_id": f"c{i}",
            "reason": "presentation",
            "from_status": from_status,
            "to_status": "problem",
            "as_of": date(2026, 12, 1),
            "rules_version": "v1",
            "changed_at": datetime.now(UTC),
        }
        for i in range(n)
    ]
    with engine.begin() as conn:
        conn.execute(insert(verdict_changes), rows)


def stored_deliveries(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(webhook_deliveries)).scalar_one())
