"""Builders of contract-shaped events for tests: plain dicts, as a partner would send them."""

import uuid
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from outreach_contract.v1 import RecordedEvent

_positions = count(1)


def event(
    type_: str,
    data: dict[str, Any] | None = None,
    *,
    candidate_id: str = "cand-1",
    occurred_at: datetime | str | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    when = occurred_at or datetime.now(UTC) - timedelta(days=1)
    return {
        "event_id": event_id or str(uuid.uuid4()),
        "type": type_,
        "candidate_id": candidate_id,
        "occurred_at": when if isinstance(when, str) else when.isoformat(),
        "data": data or {},
    }


def sent(contact_id: str, channel: str = "email", **kwargs: Any) -> dict[str, Any]:
    return event("outreach.sent", {"contact_id": contact_id, "channel": channel}, **kwargs)


def recorded(
    envelope: dict[str, Any],
    *,
    partner: str = "acme",
    received_at: datetime | None = None,
    position: int | None = None,
) -> RecordedEvent:
    return RecordedEvent.model_validate(
        {
            "partner": partner,
            "received_at": (received_at or datetime.now(UTC)).isoformat(),
            "position": position or next(_positions),
            "event": envelope,
        }
    )
