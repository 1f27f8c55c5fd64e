"""Contract v1: every type validates, and bad input is refused with the field named."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from outreach_contract.codec import canonical_json, digest
from outreach_contract.v1 import EVENT_TYPES, EventBatch, RecordedEvent
from tests.support.factories import event, recorded

VALID_DATA: dict[str, dict[str, Any]] = {
    "candidate.registered": {"country": "US", "timezone": "America/New_York"},
    "contact.added": {"contact_id": "c1", "company": "Acme", "seniority": "senior"},
    "outreach.sent": {"contact_id": "c1", "channel": "linkedin"},
    "contact.replied": {"contact_id": "c1", "willingness": "eager"},
    "meeting.held": {"contact_id": "c1", "format": "coffee", "minutes": 30},
    "referral.requested": {"contact_id": "c1", "company": "Acme", "role": "Analyst"},
    "referral.made": {"contact_id": "c1", "company": "Acme", "referred_to": "hr"},
    "lead.created": {"company": "Acme", "quality": "solid"},
    "interview.scheduled": {"company": "Acme", "with_hiring_manager": True},
    "employment.ended": {"circumstance": "laid_off"},
    "departure.explained": {"contact_id": "c1", "story": "laid_off"},
    "impression.noted": {"contact_id": "c1", "valence": "negative"},
    "presentation.submitted": {"asset": "resume", "text": "Experienced analyst."},
    "feedback.received": {"aspect": "photo", "sentiment": "negative"},
    "help.promised": {"contact_id": "c1", "action": "intro"},
    "help.delivered": {"contact_id": "c1"},
}


def _errors(payload: dict[str, Any]) -> list[tuple[Any, ...]]:
    with pytest.raises(ValidationError) as caught:
        EventBatch.model_validate(payload)
    return [e["loc"] for e in caught.value.errors()]


def test_the_contract_has_the_sixteen_types_of_design() -> None:
    assert set(EVENT_TYPES) == set(VALID_DATA)


@pytest.mark.parametrize("type_", sorted(VALID_DATA))
def test_each_type_validates_and_round_trips(type_: str) -> None:
    batch = EventBatch.model_validate({"events": [event(type_, VALID_DATA[type_])]})
    again = EventBatch.model_validate_json(batch.model_dump_json())
    assert again == batch
    assert again.events[0].type == type_


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda e: e.update(type="contact.deleted"), ("events", 0)),
        (
            lambda e: e["data"].update(channel="pigeon"),
            ("events", 0, "outreach.sent", "data", "channel"),
        ),
        (
            lambda e: e.update(occurred_at="2026-11-02 10:00"),
            ("events", 0, "outreach.sent", "occurred_at"),
        ),
        (
            lambda e: e.update(occurred_at="2026-11-02T10:00:00"),
            ("events", 0, "outreach.sent", "occurred_at"),
        ),
        (lambda e: e.update(event_id="17"), ("events", 0, "outreach.sent", "event_id")),
        (lambda e: e.update(candidate_id=""), ("events", 0, "outreach.sent", "candidate_id")),
        (
            lambda e: e.update(candidate_id="x" * 129),
            ("events", 0, "outreach.sent", "candidate_id"),
        ),
        (
            lambda e: e.update(candidate_id="tab\there"),
            ("events", 0, "outreach.sent", "candidate_id"),
        ),
        (
            lambda e: e["data"].pop("contact_id"),
            ("events", 0, "outreach.sent", "data", "contact_id"),
        ),
        (
            lambda e: e["data"].update(colour="red"),
            ("events", 0, "outreach.sent", "data", "colour"),
        ),
        (lambda e: e.update(partner="other"), ("events", 0, "outreach.sent", "partner")),
    ],
)
def test_a_bad_event_is_refused_at_its_field(mutate: Any, where: tuple[Any, ...]) -> None:
    bad = event("outreach.sent", {"contact_id": "c1", "channel": "email"})
    mutate(bad)
    assert where in _errors({"events": [bad]})


def test_an_event_more_than_a_day_ahead_is_refused_but_one_hour_ahead_is_not() -> None:
    soon = event(
        "lead.created", {"company": "A"}, occurred_at=datetime.now(UTC) + timedelta(hours=23)
    )
    late = event(
        "lead.created", {"company": "A"}, occurred_at=datetime.now(UTC) + timedelta(hours=25)
    )
    EventBatch.model_validate({"events": [soon]})
    # Checked on the batch, as the floor is (bounds.py): the event's type is not in the path.
    assert ("events", 0, "occurred_at") in _errors({"events": [late]})


def test_text_is_limited_to_100_kb_of_utf8() -> None:
    fits = event("presentation.submitted", {"asset": "resume", "text": "é" * 50_000})
    too_big = event("presentation.submitted", {"asset": "resume", "text": "é" * 50_001})
    EventBatch.model_validate({"events": [fits]})
    assert ("events", 0, "presentation.submitted", "data", "text") in _errors({"events": [too_big]})


def test_batches_hold_one_to_a_thousand_events() -> None:
    one = event("lead.created", {"company": "A"})
    EventBatch.model_validate({"events": [one] * 1000})
    assert ("events",) in _errors({"events": []})
    assert ("events",) in _errors({"events": [one] * 1001})


def test_country_and_timezone_are_checked() -> None:
    bad_country = event("candidate.registered", {"country": "usa"})
    bad_zone = event("candidate.registered", {"country": "US", "timezone": "Mars/Olympus"})
    assert ("events", 0, "candidate.registered", "data", "country") in _errors(
        {"events": [bad_country]}
    )
    assert ("events", 0, "candidate.registered", "data", "timezone") in _errors(
        {"events": [bad_zone]}
    )


def test_canonical_json_is_the_same_for_the_same_content_in_any_key_order() -> None:
    first = recorded(event("outreach.sent", {"contact_id": "c", "channel": "email"}))
    shuffled = dict(reversed(list(first.model_dump(mode="json", by_alias=True).items())))
    again = RecordedEvent.model_validate(shuffled)
    assert canonical_json(first) == canonical_json(again)
    assert digest(first) == digest(again)
    assert b": " not in canonical_json(first)


def test_recorded_events_are_keyed_by_partner_and_candidate() -> None:
    item = recorded(event("lead.created", {"company": "A"}, candidate_id="c-9"), partner="jobs")
    assert item.stream_key == "jobs/c-9"


def test_a_contact_may_carry_a_display_name_and_old_events_stay_valid() -> None:
    old = event("contact.added", {"contact_id": "c1", "company": "Acme"})
    named = event("contact.added", {"contact_id": "c1", "company": "Acme", "name": "Ana Lopez"})
    batch = EventBatch.model_validate({"events": [old, named]})
    assert [e.data.name for e in batch.events] == [None, "Ana Lopez"]  # type: ignore[union-attr]
    # Absent, the name is not encoded: an old event keeps its bytes and its content digest.
    assert b'"name"' not in canonical_json(batch.events[0])
    assert b'"name":"Ana Lopez"' in canonical_json(batch.events[1])


@pytest.mark.parametrize("bad", ["", "x" * 201, "Ana\nLopez"])
def test_a_contact_name_is_1_to_200_printable_characters(bad: str) -> None:
    payload = {"contact_id": "c1", "company": "Acme", "name": bad}
    where = _errors({"events": [event("contact.added", payload)]})
    assert where == [("events", 0, "contact.added", "data", "name")]
