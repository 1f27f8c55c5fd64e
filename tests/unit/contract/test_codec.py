"""The canonical JSON of contract models is written by orjson where that gives the same
bytes as the standard library's encoder, and by the standard library elsewhere (ADR 0012)."""

import json
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from outreach_contract.codec import (
    canonical_json,
    digest,
    float_free,
    jsonable_and_digest,
    to_jsonable,
)
from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent
from outreach_contract.v1.diagnosis import Diagnosis
from tests.support.factories import event, recorded


def _library(plain: Any) -> bytes:
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class Scored(BaseModel):
    score: float
    note: str


def test_the_contracts_events_hold_no_float_so_orjson_writes_them() -> None:
    assert float_free(RecordedEvent)
    assert not float_free(Diagnosis)  # its scores are floats
    assert not float_free(Scored)


@given(st.text(min_size=1, max_size=300))
def test_an_event_is_written_as_the_standard_library_writes_it(context: str) -> None:
    envelope = event(
        "impression.noted", {"contact_id": "c-1", "valence": "negative", "context": context}
    )
    try:
        event_ = EVENT_ADAPTER.validate_python(envelope)
    except ValidationError:
        assume(False)
        return
    plain = to_jsonable(event_)
    assert canonical_json(event_) == _library(plain)
    assert jsonable_and_digest(event_) == (plain, digest(event_))
    item = recorded(envelope)
    assert canonical_json(item) == _library(to_jsonable(item))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_model_with_a_float_keeps_the_standard_librarys_form(score: float) -> None:
    model = Scored(score=score, note="n")
    assert canonical_json(model) == _library(to_jsonable(model))


def test_plain_values_keep_the_standard_librarys_form() -> None:
    value = {"b": [1e-05, 2**70], "a": {"é": None}, "c": 1e16}
    assert canonical_json(value) == _library(value)
