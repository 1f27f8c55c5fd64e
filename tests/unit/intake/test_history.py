"""The audit trail and the diagnosis as it stood, from the event store."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent, Status
from outreach_diagnostics.evaluate import diagnose
from outreach_domain import CandidateState, apply_all, empty_state
from outreach_intake.application import Intake
from outreach_intake.history import Trail, audit_trail
from outreach_intake.outbox import OutboxReader
from outreach_intake.schemas import AuditTrail, KafkaPlacement
from outreach_platform.publications import Placement, Publication, PublicationLog
from outreach_relay.store import RelayStore
from tests.support.databases import sqlite_store
from tests.support.factories import event, sent

T0 = datetime(2026, 9, 10, 12, tzinfo=UTC)
TYPO = "Experienced product manager.\nLed stakeholder managment for six teams."
FIXED = "Experienced product manager.\nLed stakeholder management for six teams."


def _intake() -> Intake:
    return Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def _post(
    intake: Intake, envelopes: list[dict[str, object]], at: datetime, key: str = "k1"
) -> None:
    intake.record("acme", key, [EVENT_ADAPTER.validate_python(e) for e in envelopes], at)


def _submitted(text: str, day: str) -> dict[str, object]:
    data = {"asset": "resume", "text": text}
    return event("presentation.submitted", data, occurred_at=f"{day}T10:00:00+00:00")


def test_a_duplicate_is_listed_once_with_both_receipts(tmp_path: Path) -> None:
    intake = _intake()
    first, second = sent("pat"), sent("sam")
    _post(intake, [first, second], T0)
    _post(intake, [sent("other", candidate_id="cand-2")], T0 + timedelta(minutes=1))
    _post(intake, [first], T0 + timedelta(minutes=5), key="k2")
    engine = sqlite_store(tmp_path / "relay.db")
    positions = {str(e.event.event_id): e.position for e in OutboxReader(intake).read(0, 10)}
    placement = Placement("t", 3, 41)
    publication = Publication("acme", first["event_id"], positions[first["event_id"]], placement)
    RelayStore(engine).published([publication], publication.position)

    trail = AuditTrail.of(audit_trail(intake, PublicationLog(engine), "acme", "cand-1"))
    assert [e.event["event_id"] for e in trail.events] == [first["event_id"], second["event_id"]]
    pat, sam = trail.events
    assert [(r.received_at, r.key_id) for r in pat.receipts] == [
        (T0, "k1"), (T0 + timedelta(minutes=5), "k2"),
    ]  # fmt: skip
    assert len(sam.receipts) == 1
    assert (pat.receipt_count, sam.receipt_count) == (2, 1)
    assert (pat.partner, pat.key_id, pat.received_at) == ("acme", "k1", T0)
    assert pat.position == positions[first["event_id"]]
    assert sam.position == positions[second["event_id"]] > pat.position
    assert pat.kafka == KafkaPlacement(topic="t", partition=3, offset=41)
    assert sam.kafka is None  # not published yet
    assert audit_trail(intake, None, "globex", "cand-1").entries == []


def test_the_trail_folds_to_the_state_the_projection_holds() -> None:
    intake = _intake()
    _post(intake, [sent(f"c{i}") for i in range(4)], T0)
    trail = audit_trail(intake, None, "acme", "cand-1")
    recorded = [r for r in OutboxReader(intake).read(0, 10) if isinstance(r, RecordedEvent)]
    expected = apply_all(empty_state("acme", "cand-1"), recorded)
    assert _state(trail) == expected
    shown = AuditTrail.of(trail)
    assert AuditTrail.model_validate_json(shown.model_dump_json()) == shown


def _state(trail: Trail) -> CandidateState:
    return apply_all(empty_state(trail.partner, trail.candidate_id), trail.recorded_events())


@pytest.fixture(scope="module")
def fixed_later() -> Trail:
    """A typo submitted on 1 September; its fix, on 5 September, received an hour later."""
    intake = _intake()
    _post(intake, [_submitted(TYPO, "2026-09-01")], T0)
    _post(intake, [_submitted(FIXED, "2026-09-05")], T0 + timedelta(hours=1))
    return audit_trail(intake, None, "acme", "cand-1")


def _presentation(trail: Trail, as_of: date, known_at: datetime | None = None) -> Status:
    return diagnose(_state(trail), as_of, known_at=known_at).reasons[5].status


def test_as_of_a_past_day_a_later_event_does_not_count(fixed_later: Trail) -> None:
    assert _presentation(fixed_later, date(2026, 9, 30)) is Status.OK
    assert _presentation(fixed_later, date(2026, 9, 4)) is Status.PROBLEM


def test_known_at_an_earlier_moment_a_late_receipt_does_not_count(fixed_later: Trail) -> None:
    late = date(2026, 9, 30)
    assert _presentation(fixed_later, late, known_at=T0 + timedelta(minutes=30)) is Status.PROBLEM
    assert _presentation(fixed_later, late, known_at=T0 + timedelta(hours=1)) is Status.OK
