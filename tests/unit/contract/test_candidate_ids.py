"""A new candidate id must be addressable as a URL path segment; recorded ones stay valid."""

import re

import pytest
from pydantic import ValidationError

from outreach_contract.v1 import EventBatch
from outreach_contract.v1.fields import CANDIDATE_ID_PATTERN
from tests.support.factories import recorded, sent

UNADDRESSABLE = ["a/b", "/", "a\\b", "a?b", "a#b", "50%", "a b", ".", ".."]
FINE = ["cand-1", "a.b", "...", "ÉLÉONORE_42", "c:9", "x" * 128, "a+b@c"]


@pytest.mark.parametrize("bad", UNADDRESSABLE)
def test_an_unaddressable_candidate_id_is_refused_naming_field_and_reason(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        EventBatch.model_validate({"events": [sent("a"), sent("b", candidate_id=bad)]})
    [error] = caught.value.errors()
    assert error["loc"] == ("events", 1, "candidate_id")
    assert "URL path segment" in error["msg"]
    assert not re.fullmatch(CANDIDATE_ID_PATTERN, bad)  # the published schema agrees


@pytest.mark.parametrize("good", FINE)
def test_other_printable_candidate_ids_are_accepted(good: str) -> None:
    batch = EventBatch.model_validate({"events": [sent("a", candidate_id=good)]})
    assert batch.events[0].candidate_id == good
    assert re.fullmatch(CANDIDATE_ID_PATTERN, good)


def test_an_event_recorded_before_the_rule_still_decodes() -> None:
    """The relay, the projection and replays decode stored envelopes: never refuse them."""
    assert recorded(sent("a", candidate_id="old/id")).event.candidate_id == "old/id"
