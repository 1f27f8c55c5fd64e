"""The intake's business metrics. Labels are bounded: partner, event type, reason."""

import collections
from collections.abc import Sequence

from prometheus_client import Counter

from outreach_contract.v1 import EVENT_TYPES, Event

FAMILIES = ("outreach_events_", "outreach_batches_")
"""Name prefixes of these metrics: what an intake process shows on /metrics."""

EVENTS_ACCEPTED = Counter(
    "outreach_events_accepted_total",
    "Events recorded for the first time, by partner and event type.",
    ["partner", "type"],
)
EVENTS_DUPLICATED = Counter(
    "outreach_events_duplicated_total",
    "Events posted again with an event_id already recorded (accepted once, not stored again).",
    ["partner", "type"],
)
BATCHES_REJECTED = Counter(
    "outreach_batches_rejected_total",
    "Event batches refused as a whole (nothing stored), by partner and reason: "
    "the first pydantic error type, or 'conflict' for a reused event_id.",
    ["partner", "reason"],
)


_known_partners: set[str] = set()


def record_batch(partner: str, events: Sequence[Event], duplicates: set[int]) -> None:
    if partner not in _known_partners:
        _start_series(partner)
    # Counted first, then one increment a series: ``labels`` takes a lock and looks the
    # series up, 500 times a batch otherwise.
    counts = collections.Counter(
        (index in duplicates, item.type) for index, item in enumerate(events)
    )
    for (duplicate, type_), count in counts.items():
        counter = EVENTS_DUPLICATED if duplicate else EVENTS_ACCEPTED
        counter.labels(partner, type_).inc(count)


def _start_series(partner: str) -> None:
    """Create a new partner's series at 0, so rate() and increase() see its first events."""
    _known_partners.add(partner)
    for type_ in EVENT_TYPES:
        EVENTS_ACCEPTED.labels(partner, type_)
        EVENTS_DUPLICATED.labels(partner, type_)


def record_rejection(partner: str, reason: str) -> None:
    BATCHES_REJECTED.labels(partner, reason).inc()


def count_refused_body(request: object, errors: list[dict[str, object]]) -> None:
    """Rejection hook for the HTTP error handler: counts refused event batches."""
    state = getattr(request, "state", None)
    partner = getattr(state, "partner", None)
    path = getattr(getattr(request, "url", None), "path", "")
    if partner is None or not str(path).endswith("/v1/events"):
        return  # unauthenticated or not an event post: nothing a partner sent was refused
    record_rejection(str(partner), str(errors[0].get("type", "invalid")))
