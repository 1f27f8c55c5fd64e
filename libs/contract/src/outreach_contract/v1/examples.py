"""One example of each event type, as a partner sends it: what the OpenAPI document shows
for the type (and what a generated client's documentation shows). A unit test checks that
each is a valid event of its type."""

from typing import Any

_CONTACT = {"contact_id": "pat"}
_DATA: dict[str, dict[str, Any]] = {
    "candidate.registered": {
        "country": "US",
        "timezone": "America/New_York",
        "target_roles": ["Product Manager"],
    },
    "contact.added": {
        **_CONTACT,
        "name": "Pat Lee",
        "company": "Initech",
        "title": "Director of Product",
        "seniority": "senior",
        "relationship": "former_colleague",
        "is_hiring_manager": False,
        "can_reach_hiring_manager": True,
    },
    "outreach.sent": {**_CONTACT, "channel": "linkedin"},
    "contact.replied": {**_CONTACT, "willingness": "willing"},
    "meeting.held": {**_CONTACT, "format": "coffee", "minutes": 45},
    "referral.requested": {**_CONTACT, "company": "Initech", "role": "Product Manager"},
    "referral.made": {**_CONTACT, "company": "Initech", "referred_to": "hiring_manager"},
    "lead.created": {
        "company": "Initech",
        "role": "Product Manager",
        "quality": "solid",
        "source_contact_id": "pat",
    },
    "interview.scheduled": {
        "company": "Initech",
        "role": "Product Manager",
        "with_hiring_manager": True,
    },
    "employment.ended": {"circumstance": "laid_off"},
    "departure.explained": {**_CONTACT, "story": "laid_off"},
    "impression.noted": {**_CONTACT, "valence": "positive", "context": "worked together"},
    "presentation.submitted": {"asset": "resume", "text": "Product manager with ten years..."},
    "feedback.received": {
        "aspect": "content",
        "sentiment": "neutral",
        "contact_id": "pat",
        "note": "lead with the results",
    },
    "help.promised": {**_CONTACT, "action": "introduce to the hiring manager"},
    "help.delivered": {**_CONTACT, "action": "introduced to the hiring manager"},
}


def example_event(event_type: str) -> dict[str, Any]:
    """A valid event of ``event_type`` (about candidate ``cand-42``), envelope and data."""
    number = list(_DATA).index(event_type) + 1
    return {
        "event_id": f"6f1c3a52-1d7e-4c51-9a63-2a0f6f0b9e{number:02d}",
        "type": event_type,
        "candidate_id": "cand-42",
        "occurred_at": f"2026-10-{number:02d}T09:00:00-04:00",
        "data": _DATA[event_type],
    }


EXAMPLE_TYPES = tuple(_DATA)
