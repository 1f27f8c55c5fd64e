"""The relay's read of the outbox writes each stored envelope as the very bytes the
canonical JSON of its ``RecordedEvent`` had, without building the models (ADR 0012)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.perf import data
from outreach_contract.codec import canonical_json
from outreach_contract.v1 import EventBatch
from outreach_contract.v1.personal import SealedRecord
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.database import create_schema, make_engine
from outreach_platform.outbox import OutboxRecord
from outreach_platform.personal import crypto
from outreach_platform.personal.keys import KeyRing
from outreach_platform.personal.vault import Vault
from tests.support.factories import event

NAME = "Zelda Quixote-Marlowe"
T0 = datetime(2026, 11, 2, 9, 0, 0, 500, tzinfo=UTC)


def _intake() -> Intake:
    return Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_every_event_type_is_published_as_its_recorded_events_canonical_json() -> None:
    intake = _intake()
    envelopes = data.population("records", 12, 60)  # every type of the contract's mix
    for start in range(0, len(envelopes), 250):
        batch = data.contract_events(envelopes[start : start + 250])
        intake.record("acme", "k", batch, T0 + timedelta(seconds=start))
    reader = OutboxReader(intake)
    records, events = reader.records(0, 10_000), reader.read(0, 10_000)
    assert len({e.event.type for e in events}) >= 12
    assert records == [OutboxRecord.of(item) for item in events]


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=200), st.integers(0, 999_999))
def test_free_text_and_receipt_times_are_published_as_before(context: str, micros: int) -> None:
    intake = _intake()
    envelope = event("impression.noted", {"contact_id": "c-1", "valence": "positive"})
    envelope["data"]["context"] = context
    batch = EventBatch.model_validate({"events": [envelope]}).events
    intake.record("acme", "k", batch, T0.replace(microsecond=micros))
    reader = OutboxReader(intake)
    [record], [item] = reader.records(0, 10), reader.read(0, 10)
    assert record.value == canonical_json(item)
    assert record == OutboxRecord.of(item)


def test_sealed_events_are_published_as_stored_the_bytes_of_their_sealed_record(
    tmp_path: Path,
) -> None:
    # ADR 0015: the relay moves the sealed envelope unchanged; its Kafka value is the
    # canonical JSON of the SealedRecord the readers decode (what the relay published
    # before it read stored envelopes directly), and holds no personal field in the clear.
    engine = make_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    create_schema(engine)
    vault = Vault(KeyRing(engine, crypto.MasterKeys(crypto.new_key())))
    intake = Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, vault=vault)
    envelopes = data.population("sealed", 12, 60)
    for start in range(0, len(envelopes), 250):
        batch = data.contract_events(envelopes[start : start + 250])
        intake.record("acme", "k", batch, T0 + timedelta(seconds=start))
    secret = event("contact.added", {"contact_id": "c-9", "company": "Acme", "name": NAME})
    intake.record("acme", "k", EventBatch.model_validate({"events": [secret]}).events, T0)
    reader = OutboxReader(intake)
    records, stored = reader.records(0, 10_000), reader.read(0, 10_000)
    sealed = [item for item in stored if isinstance(item, SealedRecord)]
    assert sealed
    assert len(sealed) < len(stored)  # events without personal fields stay clear
    assert records == [OutboxRecord.of(item) for item in stored]
    assert [r.value for r in records] == [canonical_json(item) for item in stored]
    assert all(NAME.encode() not in r.value for r in records)
    assert sum(b'"schema":"outreach.sealed-event/1"' in r.value for r in records) == len(sealed)
