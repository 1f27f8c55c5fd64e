"""The projection opens sealed records in its write transaction: the facts it stores are
the events as sent, and an erased candidate's records are left out, not applied."""

from datetime import UTC, datetime
from pathlib import Path

from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent
from outreach_contract.v1.personal import SealedEvent, SealedRecord, StoredRecord
from outreach_platform.database import create_schema, make_engine
from outreach_platform.personal import crypto
from outreach_platform.personal.erasure import erase
from outreach_platform.personal.keys import KeyRing
from outreach_platform.personal.vault import Prepared, Vault
from outreach_projection.write import ProjectionStore
from tests.support.factories import event

TEXT = "a résumé nobody else wrote"


def _records(vault: Vault, candidate_id: str, first: int) -> list[StoredRecord]:
    sent = [
        event("presentation.submitted", {"asset": "resume", "text": TEXT}),
        event("outreach.sent", {"contact_id": "c1", "channel": "email"}),
    ]
    events = [EVENT_ADAPTER.validate_python({**e, "candidate_id": candidate_id}) for e in sent]
    return [_record(p, n) for n, p in enumerate(vault.prepare("acme", events), first)]


def _record(prepared: Prepared, position: int) -> StoredRecord:
    now = datetime.now(UTC)
    if "sealed" in prepared.envelope:
        sealed = SealedEvent.model_validate(prepared.envelope)
        return SealedRecord(partner="acme", received_at=now, position=position, event=sealed)
    plain = EVENT_ADAPTER.validate_python(prepared.envelope)
    return RecordedEvent(partner="acme", received_at=now, position=position, event=plain)


def test_sealed_records_are_applied_opened_and_erased_ones_skipped(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'outreach.db'}")
    create_schema(engine)
    vault = Vault(KeyRing(engine, crypto.MasterKeys(crypto.new_key())))
    store = ProjectionStore(engine, vault)
    gone, kept = _records(vault, "gone", 1), _records(vault, "kept", 3)
    assert isinstance(gone[0], SealedRecord)
    erase(vault.ring, "acme", "gone", "test")
    assert store.apply([*gone, *kept], {"event-store": 4}) == 2
    assert store.skipped == 2
    assert store.get("acme", "gone") is None
    state = store.get("acme", "kept")
    assert state is not None
    assert TEXT in state.facts[0].model_dump_json() or TEXT in state.facts[1].model_dump_json()
    assert store.positions() == {"event-store": 4}  # the feed moved past the skipped ones


def test_without_a_vault_sealed_records_are_not_applied(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'outreach.db'}")
    create_schema(engine)
    vault = Vault(KeyRing(engine, crypto.MasterKeys(crypto.new_key())))
    records = _records(vault, "c", 1)
    store = ProjectionStore(engine)
    assert store.apply(records, {"event-store": 2}) == 1  # the clear one only
    assert store.skipped == 1
