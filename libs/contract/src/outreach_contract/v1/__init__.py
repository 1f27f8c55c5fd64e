"""Contract v1: the events partners send and what the system answers."""

from outreach_contract.v1.diagnosis import Diagnosis, ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1.events import (
    EVENT_ADAPTER,
    EVENT_TYPES,
    MAX_BATCH,
    Event,
    EventBatch,
    RecordedEvent,
)

__all__ = [
    "EVENT_ADAPTER",
    "EVENT_TYPES",
    "MAX_BATCH",
    "Diagnosis",
    "Event",
    "EventBatch",
    "ReasonSlug",
    "ReasonVerdict",
    "RecordedEvent",
    "Status",
]
