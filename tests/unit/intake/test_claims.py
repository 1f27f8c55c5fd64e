"""The claims table's rules on the in-memory store: a claim is saved with its events or
not at all, and claims an older intake stored as events are copied in (ADR 0012)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from outreach_contract.v1 import EventBatch
from outreach_intake.application import ConflictError, Intake
from outreach_intake.claims import Claim, KnownClaim
from outreach_intake.claims_migration import NAME, copy_event_claims
from outreach_intake.domainmodel import CandidateStream
from tests.support.factories import sent
from tests.support.legacy_claims import record_the_old_way

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.fixture
def intake() -> Intake:
    return Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_a_claim_taken_meanwhile_fails_the_save_and_stores_none_of_its_events(
    intake: Intake,
) -> None:
    intake.save_events([], [Claim("acme", "e-1", "cand-1", "d")])
    opened = CandidateStream("acme", "cand-2").collect_events()
    with pytest.raises(IntegrityError):
        intake.save_events(
            opened, [Claim("acme", "e-2", "cand-2", "d"), Claim("acme", "e-1", "x", "y")]
        )
    assert intake.stream("acme", "cand-2") == []
    assert intake._heads.claims("acme", ["e-1", "e-2"]) == {"e-1": KnownClaim("cand-1", "d")}


def test_one_id_claimed_twice_in_one_save_fails_it(intake: Intake) -> None:
    with pytest.raises(IntegrityError):
        intake.save_events([], [Claim("acme", "e-1", "cand-1", "d")] * 2)
    assert intake._heads.claims("acme", ["e-1"]) == {}


def test_claims_stored_as_events_are_copied_once_and_then_known(intake: Intake) -> None:
    batch = EventBatch.model_validate({"events": [sent("a"), sent("b")]}).events
    record_the_old_way(intake, "acme", "k", batch, T0)
    assert intake.record("globex", "k", batch, T0).accepted == 2  # another partner's ids
    assert copy_event_claims(intake) == 2
    assert copy_event_claims(intake) == 0
    outcome = intake.record("acme", "k", batch, T0)
    assert (outcome.accepted, outcome.duplicates) == (0, 2)
    moved = {**batch[0].model_dump(mode="json"), "candidate_id": "cand-9"}
    with pytest.raises(ConflictError):
        intake.record("acme", "k", EventBatch.model_validate({"events": [moved]}).events, T0)


def test_a_copy_reads_the_log_through_its_head_even_without_claims(intake: Intake) -> None:
    # Else every start would read every event stored since the last claim event.
    intake.record("acme", "k", EventBatch.model_validate({"events": [sent("a")]}).events, T0)
    assert copy_event_claims(intake) == 0
    recorder: Any = intake.recorder
    assert recorder.copied_through(NAME) == recorder.max_notification_id() == 2
