"""The example of each event type (shown in the OpenAPI document) is a valid event of it."""

import pytest

from outreach_contract.v1 import EVENT_TYPES, EventBatch
from outreach_contract.v1.events import EVENT_ADAPTER
from outreach_contract.v1.examples import EXAMPLE_TYPES, example_event


def test_every_event_type_has_an_example() -> None:
    assert sorted(EXAMPLE_TYPES) == sorted(EVENT_TYPES)


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_each_example_is_a_valid_event_of_its_type(event_type: str) -> None:
    example = example_event(event_type)
    parsed = EVENT_ADAPTER.validate_python(example)
    assert parsed.type == event_type
    assert parsed.model_dump(mode="json", exclude_none=True)["data"] == example["data"]


def test_the_examples_make_a_valid_batch_with_distinct_event_ids() -> None:
    batch = EventBatch.model_validate({"events": [example_event(t) for t in EXAMPLE_TYPES]})
    assert len({event.event_id for event in batch.events}) == len(EVENT_TYPES)
