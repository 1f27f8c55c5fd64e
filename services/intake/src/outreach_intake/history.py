"""A candidate's audit trail, read from the source of truth (the event store).

Each event comes with its envelope, when and by which key (of which partner) it was
received, its position in the event store's notification log, where the relay put it in
Kafka (once published), and every later receipt of it (duplicates are receipts, not
events: ADR 0002). ``GET /v1/candidates/{id}/events`` and ``outreach audit`` both show it.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from outreach_intake.application import Intake
from outreach_intake.domainmodel import CandidateStream
from outreach_intake.notification_ids import notification_ids
from outreach_intake.relay_store import Publication, RelayStore
from outreach_intake.schemas import AuditEntry, AuditTrail, KafkaPlacement, Receipt


@dataclass
class _Recorded:
    envelope: dict[str, Any]
    version: int
    received_at: datetime
    key_id: str
    receipts: list[Receipt] = field(default_factory=list)


def audit_trail(
    intake: Intake, relay: RelayStore | None, partner: str, candidate_id: str
) -> AuditTrail:
    """The trail in stream order; empty when the partner has no such candidate."""
    recorded = _recorded_events(intake.stream(partner, candidate_id))
    positions = (
        notification_ids(intake, CandidateStream.create_id(partner, candidate_id))
        if recorded
        else {}
    )
    published = relay.publications_of(partner, list(recorded)) if relay and recorded else {}
    entries = [
        AuditEntry(
            event=item.envelope,
            partner=partner,
            received_at=item.received_at,
            key_id=item.key_id,
            position=positions[item.version],
            kafka=_placement(published.get(event_id)),
            receipts=item.receipts,
        )
        for event_id, item in recorded.items()
    ]
    return AuditTrail(partner=partner, candidate_id=candidate_id, events=entries)


def _recorded_events(domain_events: list[Any]) -> dict[str, _Recorded]:
    """Recorded events by id, in stream order, each with every receipt (duplicates too)."""
    recorded: dict[str, _Recorded] = {}
    for item in domain_events:
        if isinstance(item, CandidateStream.EventRecorded):
            receipt = Receipt(received_at=item.received_at, key_id=item.key_id)
            recorded[item.envelope["event_id"]] = _Recorded(
                item.envelope, item.originator_version, item.received_at, item.key_id, [receipt]
            )
        elif isinstance(item, CandidateStream.Resubmitted) and item.event_id in recorded:
            receipt = Receipt(received_at=item.received_at, key_id=item.key_id)
            recorded[item.event_id].receipts.append(receipt)
    return recorded


def _placement(publication: Publication | None) -> KafkaPlacement | None:
    if publication is None:
        return None
    return KafkaPlacement(
        topic=publication.topic, partition=publication.partition, offset=publication.offset
    )
