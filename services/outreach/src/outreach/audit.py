"""A candidate's audit trail, read from the source of truth (the event store), and the
state it folds to: what ``outreach audit`` shows and ``outreach diagnose`` judges.

Each event comes with its envelope, when and by which key (of which partner) it was
received, its position in the event store's notification log, where the relay put it in
Kafka (once published), and every later receipt of it (duplicates are receipts, not
events: ADR 0002).
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent
from outreach_domain import CandidateState, apply_all, empty_state
from outreach_intake.application import Intake
from outreach_intake.domainmodel import CandidateStream
from outreach_intake.history import history_entries
from outreach_intake.notification_ids import notification_ids
from outreach_intake.relay_store import Publication, RelayStore
from outreach_intake.schemas import Receipt


class KafkaPlacement(BaseModel):
    topic: str
    partition: int
    offset: int


class AuditEntry(BaseModel):
    event: dict[str, Any]
    partner: str
    received_at: datetime
    key_id: str
    position: int
    """Notification id in the event store."""
    kafka: KafkaPlacement | None
    """Where the relay published it; None until it has (or when no relay runs)."""
    receipts: list[Receipt]
    """Every arrival, the first being the one recorded; the others were duplicates."""

    def recorded(self) -> RecordedEvent:
        return RecordedEvent(
            partner=self.partner,
            received_at=self.received_at,
            position=self.position,
            event=EVENT_ADAPTER.validate_python(self.event),
        )


class AuditTrail(BaseModel):
    partner: str
    candidate_id: str
    events: list[AuditEntry]

    def state(self) -> CandidateState:
        """The candidate's state folded from this trail with the one fold (pure)."""
        initial = empty_state(self.partner, self.candidate_id)
        return apply_all(initial, (entry.recorded() for entry in self.events))


def audit_trail(
    intake: Intake, relay: RelayStore | None, partner: str, candidate_id: str
) -> AuditTrail:
    domain_events = intake.stream(partner, candidate_id)
    versions = {
        item.envelope["event_id"]: item.originator_version
        for item in domain_events
        if isinstance(item, CandidateStream.EventRecorded)
    }
    positions = (
        notification_ids(intake, CandidateStream.create_id(partner, candidate_id))
        if versions
        else {}
    )
    entries = history_entries(domain_events)
    published = relay.publications_of(partner, list(versions)) if relay and versions else {}
    return AuditTrail(
        partner=partner,
        candidate_id=candidate_id,
        events=[
            AuditEntry(
                event=entry.event,
                partner=partner,
                received_at=entry.received_at,
                key_id=entry.key_id,
                position=positions[versions[entry.event["event_id"]]],
                kafka=_placement(published.get(entry.event["event_id"])),
                receipts=entry.receipts,
            )
            for entry in entries
        ],
    )


def _placement(publication: Publication | None) -> KafkaPlacement | None:
    if publication is None:
        return None
    return KafkaPlacement(
        topic=publication.topic, partition=publication.partition, offset=publication.offset
    )
