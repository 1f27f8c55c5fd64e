"""A candidate's audit trail, read from the source of truth (the event store).

Each event comes with its envelope, when and by which key (of which partner) it was
received, its position in the event store's notification log, where the relay put it in
Kafka (once published), and how many times it was received in all, with the first and
the last receipt (duplicates are receipts, not events: ADR 0002; counted, ADR 0008).
``GET /v1/candidates/{id}/events`` and ``outreach audit`` show it, and ``outreach
diagnose`` folds its recorded events.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent
from outreach_intake.application import Intake
from outreach_intake.domainmodel import CandidateStream
from outreach_intake.notification_ids import notification_ids
from outreach_intake.receipts import Receipt, Repeats
from outreach_platform.publications import Placement, PublicationLog

__all__ = ["Receipt", "Trail", "TrailEntry", "audit_trail", "paged"]
MAX_PAGE = 200
DEFAULT_PAGE = 50


@dataclass
class TrailEntry:
    envelope: dict[str, Any]  # as recorded
    version: int  # in the candidate's stream
    received_at: datetime
    key_id: str
    receipts: list[Receipt] = field(default_factory=list)
    """The first receipt (the one recorded) and, if it came again, the last one."""
    receipt_count: int = 1
    """How many times it was received in all: 1 plus its duplicates."""
    position: int = 0
    """Notification id in the event store."""
    placement: Placement | None = None
    """Where the relay published it; None until it has (or when no relay runs)."""


@dataclass
class Trail:
    partner: str
    candidate_id: str
    entries: list[TrailEntry]

    def recorded_events(self) -> list[RecordedEvent]:
        """The entries as the projection receives them, to fold them the same way."""
        return [
            RecordedEvent(
                partner=self.partner,
                received_at=entry.received_at,
                position=entry.position,
                event=EVENT_ADAPTER.validate_python(entry.envelope),
            )
            for entry in self.entries
        ]


def audit_trail(
    intake: Intake, placements: PublicationLog | None, partner: str, candidate_id: str
) -> Trail:
    """The trail in stream order, as received (opened); no entries when the partner has
    no such candidate, or erased it."""
    recorded = _recorded_events(intake.stream(partner, candidate_id))
    if recorded and not _opened(intake, partner, candidate_id, list(recorded.values())):
        return Trail(partner, candidate_id, [])
    if recorded:
        for event_id, repeats in intake.receipts.repeats(partner, list(recorded)).items():
            _add_repeats(recorded[event_id], repeats)
        positions = notification_ids(intake, CandidateStream.create_id(partner, candidate_id))
        placed = placements.placements(partner, list(recorded)) if placements else {}
        for event_id, entry in recorded.items():
            entry.position = positions[entry.version]
            entry.placement = placed.get(event_id)
    return Trail(partner, candidate_id, list(recorded.values()))


def _opened(intake: Intake, partner: str, candidate_id: str, entries: list[TrailEntry]) -> bool:
    """Each entry's envelope as received (the one place the audit opens sealed fields);
    False when the candidate was erased."""
    if intake.vault is None:
        return True
    opened = intake.vault.open_envelopes(partner, candidate_id, [e.envelope for e in entries])
    if opened is None:
        return False
    for entry, envelope in zip(entries, opened, strict=True):
        entry.envelope = envelope
    return True


def paged(entries: list[TrailEntry], after: int, limit: int) -> list[TrailEntry]:
    """The entries after stream version ``after`` (keyset: events are only appended to a
    stream, so paging on while events arrive skips and repeats nothing)."""
    return [entry for entry in entries if entry.version > after][:limit]


def _recorded_events(domain_events: list[Any]) -> dict[str, TrailEntry]:
    """Recorded events by id, in stream order, each with the receipts the stream holds
    (repeats stored as events before the tally existed count too)."""
    recorded: dict[str, TrailEntry] = {}
    for item in domain_events:
        if isinstance(item, CandidateStream.EventRecorded):
            receipt = Receipt(item.received_at, item.key_id)
            recorded[item.envelope["event_id"]] = TrailEntry(
                item.envelope, item.originator_version, item.received_at, item.key_id, [receipt]
            )
        elif isinstance(item, CandidateStream.Resubmitted) and item.event_id in recorded:
            receipt = Receipt(item.received_at, item.key_id)
            _add_repeats(recorded[item.event_id], Repeats(1, receipt))
    return recorded


def _add_repeats(entry: TrailEntry, repeats: Repeats) -> None:
    first, *later = entry.receipts
    last = later[0] if later else None
    if last is None or repeats.last.received_at >= last.received_at:
        last = repeats.last
    entry.receipts = [first, last]
    entry.receipt_count += repeats.count
