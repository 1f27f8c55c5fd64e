"""Every field of every event type is classified as personal or clear, and split/merge
take exactly the personal ones out and put them back."""

from typing import Any

import pytest

from outreach_contract.codec import to_jsonable
from outreach_contract.v1 import EVENT_ADAPTER, EVENT_TYPES
from outreach_contract.v1.events import _Envelope
from outreach_contract.v1.personal import CLEAR_FIELDS, PERSONAL_FIELDS, merge, split
from tests.support.factories import event


def _data_fields() -> dict[str, set[str]]:
    found = {}
    for cls in _Envelope.__subclasses__():
        type_ = cls.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
        data_model = cls.model_fields["data"].annotation
        found[type_] = set(data_model.model_fields)  # type: ignore[union-attr]
    return found


def test_every_field_of_every_type_is_classified_once() -> None:
    fields = _data_fields()
    assert set(fields) == set(EVENT_TYPES) == set(PERSONAL_FIELDS) == set(CLEAR_FIELDS)
    for type_, names in fields.items():
        assert PERSONAL_FIELDS[type_] | CLEAR_FIELDS[type_] == names, type_
        assert not PERSONAL_FIELDS[type_] & CLEAR_FIELDS[type_], type_


def test_the_free_texts_names_and_stories_are_personal() -> None:
    assert PERSONAL_FIELDS["presentation.submitted"] == {"text"}
    assert {"name", "title"} <= PERSONAL_FIELDS["contact.added"]
    assert PERSONAL_FIELDS["departure.explained"] == {"story"}
    assert PERSONAL_FIELDS["impression.noted"] == {"context"}
    assert PERSONAL_FIELDS["feedback.received"] == {"note"}


CASES: list[dict[str, Any]] = [
    event(
        "contact.added",
        {"contact_id": "c1", "company": "Acme", "name": "Zelda Quux", "title": "CTO"},
    ),
    event("contact.added", {"contact_id": "c1", "company": "Acme"}),  # nothing personal set
    event("presentation.submitted", {"asset": "resume", "text": "I led a team."}),
    event("departure.explained", {"contact_id": "c1", "story": "fired"}),
    event("candidate.registered", {"country": "US", "target_roles": ["Engineer"]}),
    event("outreach.sent", {"contact_id": "c1", "channel": "email"}),
]


@pytest.mark.parametrize("sent", CASES, ids=lambda e: e["type"])
def test_split_takes_out_exactly_the_personal_fields_and_merge_restores_them(
    sent: dict[str, Any],
) -> None:
    plain = to_jsonable(EVENT_ADAPTER.validate_python(sent))
    clear, personal = split(plain)
    assert set(personal) <= PERSONAL_FIELDS[plain["type"]]
    assert not set(clear["data"]) & set(personal)
    for name in PERSONAL_FIELDS[plain["type"]]:
        if plain["data"].get(name) not in (None, []):
            assert name in personal
            assert name not in clear["data"]
    assert merge(clear, personal) == plain
