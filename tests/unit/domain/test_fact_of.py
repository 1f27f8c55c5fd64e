"""``Fact.of``, the fold's unvalidated constructor, is the fact ``Fact(...)`` builds."""

import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest

from outreach_contract.codec import canonical_json
from outreach_domain import Fact
from tests.support.factories import recorded, sent

AT = datetime(2026, 10, 5, 9, 0, tzinfo=timezone(timedelta(hours=-5)))


@pytest.mark.parametrize("with_id", [False, True])
def test_of_builds_the_fact_init_builds(with_id: bool) -> None:
    item = recorded(sent("contact-1", occurred_at=AT), position=3)
    validated = Fact(received_at=item.received_at, event=item.event)
    event_id = str(item.event.event_id) if with_id else None
    built = Fact.of(item.received_at, item.event, event_id)
    assert built == validated
    assert validated == built
    assert hash(built) == hash(validated)
    assert built.model_fields_set == validated.model_fields_set
    assert built.model_dump() == validated.model_dump()
    assert canonical_json(built) == canonical_json(validated)
    assert built.event_id == validated.event_id == str(item.event.event_id)
    assert built.sort_key == validated.sort_key == (AT.astimezone(UTC), built.event_id)
    assert pickle.loads(pickle.dumps(built)) == validated
    assert built.model_copy() == validated


def test_the_cached_keys_are_no_fields() -> None:
    item = recorded(sent("contact-1", occurred_at=AT), position=3)
    fact = Fact.of(item.received_at, item.event, str(item.event.event_id))
    assert fact.sort_key  # cached beside the fields
    assert set(fact.model_dump()) == {"received_at", "event"}
    assert fact == Fact(received_at=item.received_at, event=item.event)
