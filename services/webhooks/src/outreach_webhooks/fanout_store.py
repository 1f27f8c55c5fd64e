"""The fan-out's transaction: verdict changes past the watermark become deliveries, and
the watermark moves, atomically (fanout.py says why this loses and doubles nothing)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, select

from outreach_platform.sql import upsert
from outreach_webhooks import messages
from outreach_webhooks.changes import changes_after
from outreach_webhooks.endpoints import subscribers
from outreach_webhooks.fanout import Planned, advance, plan
from outreach_webhooks.tables import webhook_deliveries, webhook_fanout

WATERMARK = "verdict_changes"


@dataclass(frozen=True)
class Pass:
    read: int  # changes read past the watermark
    planned: int  # deliveries they make (inserted now, or by an earlier pass)
    watermark: int
    full: bool  # a whole batch was read and the watermark moved: more may wait


class FanOut:
    def __init__(
        self, engine: Engine, public_url: str | None, grace: timedelta, batch: int = 500
    ) -> None:
        self._engine, self._public_url = engine, public_url
        self._grace, self._batch = grace, batch

    def run_once(self, now: datetime | None = None) -> Pass:
        now = now or datetime.now(UTC)
        with self._engine.begin() as conn:
            watermark = _watermark(conn)
            changes = changes_after(conn, watermark, self._batch)
            planned = plan(changes, subscribers(conn, {c.partner for c in changes}))
            upsert(conn, webhook_deliveries, [self._row(p, now) for p in planned], update=[])
            moved = advance(watermark, changes, now, self._grace)
            if moved != watermark:
                upsert(
                    conn,
                    webhook_fanout,
                    [{"name": WATERMARK, "seq": moved}],
                    where=lambda new: webhook_fanout.c.seq < new.seq,  # only forward
                )
        full = len(changes) == self._batch and moved != watermark
        return Pass(len(changes), len(planned), moved, full)

    def _row(self, planned: Planned, now: datetime) -> dict[str, object]:
        body = messages.diagnosis_changed(planned.change, self._public_url)
        return {
            "id": planned.delivery_id,
            "endpoint_id": planned.endpoint_id,
            "partner": planned.change.partner,
            "change_seq": planned.change.seq,
            "payload": messages.encode(body),
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
            "updated_at": now,
        }


def _watermark(conn: Connection) -> int:
    seq = conn.execute(
        select(webhook_fanout.c.seq).where(webhook_fanout.c.name == WATERMARK)
    ).scalar()
    return int(seq or 0)
