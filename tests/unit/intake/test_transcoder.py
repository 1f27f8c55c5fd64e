"""The intake's orjson encoder writes the very bytes the library's JSON transcoder wrote,
for every event type the intake stores, and they read back the same (ADR 0012)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder
from hypothesis import given
from hypothesis import strategies as st

from outreach_intake.domainmodel import CandidateStream, EventClaim, claimed, recorded
from outreach_intake.transcoder import OrjsonTranscoder

T0 = datetime(2026, 11, 2, 9, 30, 1, 123456, tzinfo=UTC)
STREAM = CandidateStream.create_id("acme", "cand-1")
ENVELOPE = {
    "event_id": "2f1d5c1e-4a43-4b7e-9a35-0f8f6b0a7c11",
    "type": "outreach.sent",
    "candidate_id": "cand-1",
    "occurred_at": "2026-11-01T10:00:00+01:00",
    "data": {"contact_id": "c-ü\u2028", "channel": "email", "minutes": None, "n": [1, True]},
}


def _transcoders() -> tuple[JSONTranscoder, OrjsonTranscoder]:
    library, ours = JSONTranscoder(), OrjsonTranscoder()
    for transcoder in (library, ours):
        Application.register_transcodings(Application, transcoder)  # type: ignore[arg-type]
    return library, ours


def _states() -> list[dict[str, Any]]:
    opened = CandidateStream("acme", "cand-1").collect_events()[0]
    legacy: Any = CandidateStream.Resubmitted  # its fields are not constructor arguments to mypy
    resubmitted = legacy(
        originator_id=STREAM,
        originator_version=3,
        timestamp=T0,
        event_id="e-1",
        received_at=T0,
        key_id="k",
    )
    events = [
        opened,
        recorded(STREAM, 2, "acme", ENVELOPE, T0, "key-1"),
        resubmitted,
        claimed(EventClaim.create_id("acme", "e-1", "cand-1", "d"), "acme", "e-1", "cand-1", "d"),
    ]
    states = []
    for item in events:
        state = dict(vars(item))
        del state["originator_id"], state["originator_version"]
        states.append(state)
    return states


@pytest.mark.parametrize("state", _states(), ids=lambda s: sorted(s)[0] + str(len(s)))
def test_every_intake_event_is_written_as_the_library_wrote_it(state: dict[str, Any]) -> None:
    library, ours = _transcoders()
    assert ours.encode(state) == library.encode(state)
    assert ours.decode(ours.encode(state)) == state


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    )
)
def test_any_json_value_of_an_envelope_is_written_as_the_library_wrote_it(value: Any) -> None:
    library, ours = _transcoders()
    state = {"timestamp": T0, "envelope": {"data": value}}
    assert ours.encode(state) == library.encode(state)
