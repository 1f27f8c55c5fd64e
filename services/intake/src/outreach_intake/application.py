"""The intake application: records a partner's batch of events, all or nothing."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from outreach_contract.codec import digest, to_jsonable
from outreach_contract.v1 import Event
from outreach_intake.domainmodel import CandidateStream, EventClaim, claim_id

# Concurrent batches touching the same candidate lose the optimistic-concurrency race
# and retry on fresh state; a handful of attempts is plenty for partner traffic.
_ATTEMPTS = 8


@dataclass(frozen=True)
class Conflict:
    """An ``event_id`` already recorded with other content (or for another candidate)."""

    index: int
    event_id: str
    repeats: int | None = None
    """The index of the event in the same batch that used the id first, if it was one."""

    def problem(self) -> str:
        if self.repeats is not None:
            return f"repeats the event_id of event {self.repeats} with different content"
        return f"event_id {self.event_id} was already recorded with different content"


@dataclass
class Outcome:
    accepted: int = 0
    duplicates: int = 0
    duplicate_indexes: list[int] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


class ConflictError(Exception):
    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(f"{len(conflicts)} event ids were already recorded with other content")
        self.conflicts = conflicts


class Intake(Application[UUID]):
    name = "intake"
    snapshotting_intervals = {CandidateStream: 200}

    def record(
        self, partner: str, key_id: str, events: Sequence[Event], received_at: datetime
    ) -> Outcome:
        """Store every new event of the batch atomically; repeated ones are duplicates.

        Raises ``ConflictError`` (nothing stored) when an event id is reused for
        different content.
        """
        for attempt in range(_ATTEMPTS):
            try:
                return self._record_once(partner, key_id, events, received_at)
            except IntegrityError:
                if attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def stream(self, partner: str, candidate_id: str) -> list[Any]:
        """The candidate's recorded domain events, oldest first; empty if unknown."""
        stream_id = CandidateStream.create_id(partner, candidate_id)
        return list(self.repository.event_store.get(stream_id))

    def _record_once(
        self, partner: str, key_id: str, events: Sequence[Event], received_at: datetime
    ) -> Outcome:
        outcome = Outcome()
        streams: dict[str, CandidateStream] = {}
        claims: dict[str, EventClaim] = {}  # claimed in this batch, by event id
        first_index: dict[str, int] = {}
        for index, item in enumerate(events):
            event_id, content = str(item.event_id), digest(item)
            existing = claims.get(event_id) or self._claim(partner, event_id)
            stream = streams.get(item.candidate_id) or self._stream(partner, item.candidate_id)
            if existing is None:
                claims[event_id] = EventClaim(partner, event_id, item.candidate_id, content)
                first_index[event_id] = index
                stream.record(partner, to_jsonable(item), received_at, key_id)
                streams[item.candidate_id] = stream
                outcome.accepted += 1
            elif existing.digest == content and existing.candidate_id == item.candidate_id:
                # Also an id repeated inside this batch: the contract accepts an id once.
                stream.resubmitted(event_id, received_at, key_id)
                streams[item.candidate_id] = stream
                outcome.duplicates += 1
                outcome.duplicate_indexes.append(index)
            else:
                outcome.conflicts.append(Conflict(index, event_id, first_index.get(event_id)))
        if outcome.conflicts:
            raise ConflictError(outcome.conflicts)
        self.save(*streams.values(), *claims.values())
        return outcome

    def _claim(self, partner: str, event_id: str) -> EventClaim | None:
        try:
            claim: EventClaim = self.repository.get(claim_id(partner, event_id))
        except AggregateNotFoundError:
            return None
        return claim

    def _stream(self, partner: str, candidate_id: str) -> CandidateStream:
        try:
            stream: CandidateStream = self.repository.get(
                CandidateStream.create_id(partner, candidate_id)
            )
        except AggregateNotFoundError:
            return CandidateStream(partner, candidate_id)
        return stream
