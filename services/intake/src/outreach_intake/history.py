"""A candidate's audit trail, read from its stream in the event store."""

from typing import Any

from outreach_intake.domainmodel import CandidateStream
from outreach_intake.schemas import HistoryEntry, Receipt


def history_entries(domain_events: list[Any]) -> list[HistoryEntry]:
    """Recorded events in stream order, each with every receipt (duplicates included)."""
    entries: dict[str, HistoryEntry] = {}
    for item in domain_events:
        if isinstance(item, CandidateStream.EventRecorded):
            receipt = Receipt(received_at=item.received_at, key_id=item.key_id)
            entries[item.envelope["event_id"]] = HistoryEntry(
                event=item.envelope,
                received_at=item.received_at,
                key_id=item.key_id,
                receipts=[receipt],
            )
        elif isinstance(item, CandidateStream.Resubmitted) and item.event_id in entries:
            receipt = Receipt(received_at=item.received_at, key_id=item.key_id)
            entries[item.event_id].receipts.append(receipt)
    return list(entries.values())
