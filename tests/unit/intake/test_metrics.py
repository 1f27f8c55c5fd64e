"""The intake's event counters: one increment per series and batch, each event counted."""

from prometheus_client import REGISTRY

from outreach_contract.v1 import EventBatch
from outreach_intake.metrics import record_batch
from tests.support.factories import event, sent


def _count(name: str, partner: str, type_: str) -> float:
    value = REGISTRY.get_sample_value(name, {"partner": partner, "type": type_})
    return value or 0.0


def test_each_event_is_counted_once_as_accepted_or_duplicated_by_type() -> None:
    partner = "metrics-partner"
    events = EventBatch.model_validate(
        {
            "events": [
                sent("a"),
                sent("b"),
                event("contact.replied", {"contact_id": "a"}),
                sent("c"),
                sent("d"),
            ]
        }
    ).events
    record_batch(partner, events, duplicates={1, 2})
    record_batch(partner, events[:1], duplicates=set())
    accepted, duplicated = "outreach_events_accepted_total", "outreach_events_duplicated_total"
    assert _count(accepted, partner, "outreach.sent") == 3 + 1
    assert _count(duplicated, partner, "outreach.sent") == 1
    assert _count(duplicated, partner, "contact.replied") == 1
    assert _count(accepted, partner, "contact.replied") == 0
    assert _count(accepted, partner, "meeting.held") == 0
