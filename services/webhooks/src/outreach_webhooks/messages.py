"""What a delivery carries: the event types a partner may subscribe to and the body of a
``diagnosis.changed`` message (DESIGN.md §3.1). Pure: no I/O."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import quote


class EventType(StrEnum):
    """What a webhook message tells.

    - `diagnosis.changed`: a reason's status changed for a candidate (its first verdict
      is a change from null)
    """

    DIAGNOSIS_CHANGED = "diagnosis.changed"


@dataclass(frozen=True)
class VerdictChange:
    """One row of the verdict change log: what the fan-out reads."""

    seq: int
    partner: str
    candidate_id: str
    reason: str
    from_status: str | None
    to_status: str
    as_of: date
    rules_version: str
    changed_at: datetime


def diagnosis_changed(change: VerdictChange, public_url: str | None = None) -> dict[str, Any]:
    """The message body. ``timestamp`` is when the verdict changed (the same on every
    attempt; the ``webhook-timestamp`` header is the attempt's own time)."""
    data: dict[str, Any] = {
        "partner": change.partner,
        "candidate_id": change.candidate_id,
        "reason": change.reason,
        "from": change.from_status,
        "to": change.to_status,
        "as_of": change.as_of.isoformat(),
        "rules_version": change.rules_version,
    }
    if public_url:
        data["diagnosis_url"] = diagnosis_url(public_url, change)
    return {
        "type": EventType.DIAGNOSIS_CHANGED.value,
        "timestamp": change.changed_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }


def diagnosis_url(public_url: str, change: VerdictChange) -> str:
    """Where the partner reads the diagnosis the change belongs to, as of its day."""
    candidate = quote(change.candidate_id, safe="")
    base = public_url.rstrip("/")
    return f"{base}/v1/candidates/{candidate}/diagnosis?as_of={change.as_of.isoformat()}"


def encode(body: dict[str, Any]) -> str:
    """The exact text that is signed and sent: compact, so a receiver that re-serialises
    it is not tempted to verify anything but the bytes it received."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)
