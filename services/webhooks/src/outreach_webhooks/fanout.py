"""From verdict changes to deliveries, idempotently: the fan-out's pure half.

The fan-out reads the change log after its watermark, writes one delivery per change and
subscribed endpoint, and moves the watermark, all in one transaction. A delivery's id
(its ``webhook-id``) is a function of the endpoint and the change, and the primary key:
a pass done twice (after a crash, or by two instances at once) inserts nothing new.

The change log's ``seq`` is allocated when a transaction writes, but transactions commit
in another order: seq 12 may be visible while seq 11 is still being written. Passing 12
would skip 11 for ever, so the watermark stops below a gap until the row after it is
``grace`` old (a writer that has not committed by then has rolled back: sequences skip
numbers on rollback). The rows past a gap are delivered at once all the same, and read
again on the next passes, which insert nothing.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from outreach_webhooks.messages import EventType, VerdictChange


@dataclass(frozen=True)
class Subscriber:
    """An enabled endpoint, as the fan-out needs it."""

    endpoint_id: str
    partner: str
    events: frozenset[str]
    created_at: datetime


@dataclass(frozen=True)
class Planned:
    delivery_id: str
    endpoint_id: str
    change: VerdictChange


def delivery_id(endpoint_id: str, seq: int) -> str:
    """The ``webhook-id``: the same for every attempt and every fan-out pass of one change
    to one endpoint, so that receivers deduplicate by it."""
    digest = hashlib.sha256(f"{endpoint_id}:{seq}".encode()).hexdigest()[:24]
    return f"msg_{digest}"


def plan(changes: Iterable[VerdictChange], subscribers: Sequence[Subscriber]) -> list[Planned]:
    """One delivery per change and endpoint of the change's partner that subscribes to
    ``diagnosis.changed`` and existed when the verdict changed (a new endpoint is not
    sent the past)."""
    by_partner: dict[str, list[Subscriber]] = {}
    for subscriber in subscribers:
        if EventType.DIAGNOSIS_CHANGED.value in subscriber.events:
            by_partner.setdefault(subscriber.partner, []).append(subscriber)
    return [
        Planned(delivery_id(s.endpoint_id, change.seq), s.endpoint_id, change)
        for change in changes
        for s in by_partner.get(change.partner, ())
        if s.created_at <= change.changed_at
    ]


def advance(
    watermark: int, changes: Sequence[VerdictChange], now: datetime, grace: timedelta
) -> int:
    """The new watermark after reading ``changes`` (those past ``watermark``, by seq):
    as far as the rows run without a gap, or past a gap once the row after it is old."""
    for change in sorted(changes, key=lambda c: c.seq):
        if change.seq != watermark + 1 and now - change.changed_at < grace:
            break
        watermark = change.seq
    return watermark
