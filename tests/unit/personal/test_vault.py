"""The vault over a real SQLite key table: sealing hides the personal fields, a re-sent
event has the same fingerprint, readers open it, and after erasure nothing opens."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from outreach_contract.codec import canonical_json
from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent
from outreach_contract.v1.personal import SealedEvent, SealedRecord
from outreach_platform.database import create_schema, make_engine
from outreach_platform.personal import crypto
from outreach_platform.personal.erasure import erase
from outreach_platform.personal.keys import KeyRing
from outreach_platform.personal.vault import ErasedCandidatesError, Vault, in_the_clear
from tests.support.factories import event

NAME, TEXT = "Zelda Quixote-Marlowe", "Résumé of a very distinctive person"


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    engine = make_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    create_schema(engine)
    return Vault(KeyRing(engine, crypto.MasterKeys(crypto.new_key())))


def _events(candidate_id: str = "cand-1") -> list[Any]:
    sent = [
        event("contact.added", {"contact_id": "c1", "company": "Acme", "name": NAME}),
        event("presentation.submitted", {"asset": "resume", "text": TEXT}),
        event("outreach.sent", {"contact_id": "c1", "channel": "email"}),
    ]
    return [EVENT_ADAPTER.validate_python({**e, "candidate_id": candidate_id}) for e in sent]


def _stored(prepared: Any, position: int) -> SealedRecord | RecordedEvent:
    now = datetime.now(UTC)
    if "sealed" in prepared.envelope:
        event_ = SealedEvent.model_validate(prepared.envelope)
        return SealedRecord(partner="acme", received_at=now, position=position, event=event_)
    envelope = EVENT_ADAPTER.validate_python(prepared.envelope)
    return RecordedEvent(partner="acme", received_at=now, position=position, event=envelope)


def test_sealed_envelopes_hold_no_personal_field_and_open_to_what_was_sent(vault: Vault) -> None:
    events = _events()
    prepared = vault.prepare("acme", events)
    stored = canonical_json([p.envelope for p in prepared]).decode()
    assert NAME not in stored
    assert "distinctive" not in stored
    assert "Acme" in stored  # the clear fields stay readable
    assert "sealed" not in prepared[2].envelope  # nothing personal: stored as sent
    opened = vault.open([_stored(p, n) for n, p in enumerate(prepared, 1)])
    assert [o.event for o in opened.events] == events
    assert opened.skipped == 0


def test_a_resent_event_has_the_same_fingerprint_though_its_box_differs(vault: Vault) -> None:
    first, again = vault.prepare("acme", _events()[:1] * 2)
    assert first.envelope["sealed"]["box"] != again.envelope["sealed"]["box"]
    assert first.digest == again.digest
    assert again.same_content(first.digest)
    other = vault.prepare("acme", _events("cand-2")[:1])[0]
    assert not other.same_content(first.digest)  # another candidate's key: another digest


def test_after_erasure_nothing_opens_and_new_events_are_refused(vault: Vault) -> None:
    prepared = vault.prepare("acme", _events())
    kept = vault.prepare("acme", _events("cand-2"))
    done = erase(vault.ring, "acme", "cand-1", "test")
    assert done.key_id is not None
    records = [_stored(p, n) for n, p in enumerate([*prepared, *kept], 1)]
    opened = vault.open(records)
    assert opened.skipped == 3  # the clear one too: an erased candidate is not read at all
    assert {o.event.candidate_id for o in opened.events} == {"cand-2"}
    assert vault.open_envelopes("acme", "cand-1", [p.envelope for p in prepared]) is None
    with pytest.raises(ErasedCandidatesError) as refused:
        vault.prepare("acme", _events()[:1] + _events("cand-2")[:1])
    assert refused.value.candidate_ids == ["cand-1"]


def test_a_tampered_box_is_skipped_not_fatal(vault: Vault) -> None:
    prepared = vault.prepare("acme", _events()[:1])[0]
    box = prepared.envelope["sealed"]["box"]
    envelope = {**prepared.envelope, "sealed": {**prepared.envelope["sealed"], "box": box[:-4]}}
    record = _stored(type(prepared)(**{**prepared.__dict__, "envelope": envelope}), 1)
    assert vault.open([record]).skipped == 1


def test_a_candidate_recorded_before_keys_is_erased_by_a_ring_without_master_key(
    vault: Vault,
) -> None:
    legacy = [_stored(p, n) for n, p in enumerate(in_the_clear(_events("old")[2:]), 1)]
    assert vault.open(legacy).skipped == 0  # no key, in the clear: read as before
    done = erase(KeyRing(vault.ring.engine, master=None), "acme", "old", "retention")
    assert done.key_id is None
    assert vault.open(legacy).skipped == 1  # the tombstone: left out from now on
