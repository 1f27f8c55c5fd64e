"""The intake application's rules, on eventsourcing's in-memory store (pure logic)."""

from datetime import UTC, datetime, timedelta

import pytest
from eventsourcing.persistence import IntegrityError

from outreach_contract.v1 import EventBatch
from outreach_intake.application import ConflictError, ContendedError, Intake
from outreach_intake.domainmodel import CandidateStream
from outreach_intake.history import audit_trail
from outreach_intake.outbox import OutboxReader
from tests.support.factories import sent

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _events(*envelopes: dict[str, object]) -> EventBatch:
    return EventBatch.model_validate({"events": list(envelopes)})


@pytest.fixture
def intake() -> Intake:
    return Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_new_events_are_recorded_in_each_candidates_order_in_the_outbox(intake: Intake) -> None:
    batch = _events(sent("a"), sent("b", candidate_id="cand-2"), sent("c"), sent("d"))
    outcome = intake.record("acme", "key1", batch.events, T0)
    assert (outcome.accepted, outcome.duplicates) == (4, 0)
    published = OutboxReader(intake).read(0, 10)
    for candidate in ("cand-1", "cand-2"):
        # Kafka keeps order per candidate only, so that is the order that must hold.
        assert [str(r.event.event_id) for r in published if r.event.candidate_id == candidate] == [
            str(e.event_id) for e in batch.events if e.candidate_id == candidate
        ]
    assert {r.partner for r in published} == {"acme"}
    assert [r.position for r in published] == sorted(r.position for r in published)


def test_a_repeat_is_a_duplicate_with_a_receipt_and_no_new_outbox_entry(intake: Intake) -> None:
    batch = _events(sent("a"))
    intake.record("acme", "key1", batch.events, T0)
    outcome = intake.record("acme", "key2", batch.events, T0 + timedelta(hours=1))
    assert (outcome.accepted, outcome.duplicates, outcome.duplicate_indexes) == (0, 1, [0])
    assert len(OutboxReader(intake).read(0, 10)) == 1
    [entry] = audit_trail(intake, None, "acme", "cand-1").entries
    assert [(r.received_at, r.key_id) for r in entry.receipts] == [
        (T0, "key1"),
        (T0 + timedelta(hours=1), "key2"),
    ]


def test_the_same_event_id_from_another_partner_is_a_different_event(intake: Intake) -> None:
    batch = _events(sent("a"))
    intake.record("acme", "k", batch.events, T0)
    assert intake.record("globex", "k", batch.events, T0).accepted == 1


@pytest.mark.parametrize(
    "change",
    [{"data": {"contact_id": "a", "channel": "phone"}}, {"candidate_id": "cand-2"}],
    ids=["other content", "other candidate"],
)
def test_a_reused_event_id_is_a_conflict_and_the_whole_batch_is_refused(
    intake: Intake, change: dict[str, object]
) -> None:
    original = sent("a")
    intake.record("acme", "k", _events(original).events, T0)
    fresh = sent("b")
    with pytest.raises(ConflictError) as caught:
        intake.record("acme", "k", _events(fresh, {**original, **change}).events, T0)
    assert [(c.index, c.event_id) for c in caught.value.conflicts] == [(1, original["event_id"])]
    assert len(OutboxReader(intake).read(0, 10)) == 1  # the fresh event was not stored either


def test_an_unknown_candidate_has_an_empty_stream(intake: Intake) -> None:
    assert intake.stream("acme", "nobody") == []


def test_a_save_that_keeps_losing_gives_up_at_the_deadline_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    intake = Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, contention_seconds=0.05)

    def another_process_always_wins(*_objs: object, **_kwargs: object) -> None:
        raise IntegrityError("a newer version of the stream was saved")

    monkeypatch.setattr(intake, "save_events", another_process_always_wins)
    with pytest.raises(ContendedError):
        intake.record("acme", "k", _events(sent("a")).events, T0)
    assert OutboxReader(intake).read(0, 10) == []
    assert audit_trail(intake, None, "acme", "cand-1").entries == []


def test_receipts_stored_as_events_by_earlier_versions_still_count(intake: Intake) -> None:
    batch = _events(sent("a"))
    intake.record("acme", "key1", batch.events, T0)
    # What an intake before the receipt tally appended for each repeat:
    stream: CandidateStream = intake.repository.get(CandidateStream.create_id("acme", "cand-1"))
    event_id = str(batch.events[0].event_id)
    for hours, key in ((1, "key2"), (2, "key3")):
        stream.trigger_event(
            CandidateStream.Resubmitted,
            event_id=event_id,
            received_at=T0 + timedelta(hours=hours),
            key_id=key,
        )
    intake.save(stream)
    intake.record("acme", "key4", batch.events, T0 + timedelta(hours=3))
    [entry] = audit_trail(intake, None, "acme", "cand-1").entries
    assert entry.receipt_count == 4
    assert [(r.received_at, r.key_id) for r in entry.receipts] == [
        (T0, "key1"),
        (T0 + timedelta(hours=3), "key4"),
    ]
