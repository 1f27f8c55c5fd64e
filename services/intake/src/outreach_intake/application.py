"""The intake application: records a partner's batch of events, all or nothing."""

import logging
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, IntegrityError
from eventsourcing.utils import EnvType, get_topic

from outreach_contract.v1 import Event
from outreach_intake.appends import StreamAppends
from outreach_intake.claims import Claim, KnownClaim
from outreach_intake.claims_migration import copy_event_claims
from outreach_intake.domainmodel import CandidateStream
from outreach_intake.heads import store_heads
from outreach_intake.receipts import Receipt, Repeats, receipt_tally
from outreach_intake.recorders import claims_recorder
from outreach_intake.stream_locks import StripedLocks
from outreach_intake.transcoder import OrjsonTranscoder
from outreach_platform.personal.vault import Prepared, Vault, in_the_clear

log = logging.getLogger(__name__)

CONTENTION_SECONDS = 10.0
"""How long a batch keeps retrying a save that other processes keep winning."""
_FIRST_BACKOFF_SECONDS = 0.005
_MAX_BACKOFF_SECONDS = 0.25


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
    repeated: Counter[str] = field(default_factory=Counter)
    """How many times each already recorded event id came again in this batch."""


class ConflictError(Exception):
    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(f"{len(conflicts)} event ids were already recorded with other content")
        self.conflicts = conflicts


class ContendedError(Exception):
    """Other writers kept winning the race for these candidates until the deadline:
    nothing of the batch was stored, and posting it again is safe."""


class Intake(Application[UUID]):
    name = "intake"
    # Encodes stored events with orjson, decodes them as the library does (ADR 0012).
    env: ClassVar[dict[str, str]] = {"TRANSCODER_TOPIC": get_topic(OrjsonTranscoder)}

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        contention_seconds: float = CONTENTION_SECONDS,
        vault: Vault | None = None,
    ) -> None:
        super().__init__(env)
        copy_event_claims(self)  # claims an older version stored as events (ADR 0012)
        self.receipts = receipt_tally(self)
        self.vault = vault  # None: events are stored in the clear (unit tests)
        self._heads = store_heads(self)
        self._locks = StripedLocks()
        self._contention_seconds = contention_seconds

    def construct_recorder(self) -> ApplicationRecorder:
        """The store's recorder with the claims table (``claims.py``)."""
        return claims_recorder(self.factory)

    def record(
        self, partner: str, key_id: str, events: Sequence[Event], received_at: datetime
    ) -> Outcome:
        """Store every new event of the batch atomically; repeated ones are duplicates,
        counted as receipts.

        Raises ``ConflictError`` (nothing stored) when an event id is reused for
        different content, and ``ContendedError`` (nothing stored) when other processes
        kept saving the same candidates until the deadline, and ``ErasedCandidatesError``
        (nothing stored) when a candidate of the batch was erased.
        """
        # The one place events are sealed: personal fields are ciphertext from here on.
        prepared = self.vault.prepare(partner, events) if self.vault else in_the_clear(events)
        candidates = {e.candidate_id for e in events}
        streams = {CandidateStream.create_id(partner, c) for c in candidates}
        with self._locks.holding(streams):
            outcome = self._record_racing_other_processes(partner, key_id, prepared, received_at)
        # After the save: a failed save must count no receipt (its retry would count twice).
        receipt = Receipt(received_at, key_id)
        self.receipts.add(partner, {e: Repeats(n, receipt) for e, n in outcome.repeated.items()})
        return outcome

    def stream(self, partner: str, candidate_id: str) -> list[Any]:
        """The candidate's recorded domain events, oldest first; empty if unknown."""
        stream_id = CandidateStream.create_id(partner, candidate_id)
        return list(self.repository.event_store.get(stream_id))

    def _record_racing_other_processes(
        self, partner: str, key_id: str, events: Sequence[Prepared], received_at: datetime
    ) -> Outcome:
        # Another process saved one of these streams or claims first: read again (a racing
        # copy of this batch is now a duplicate) after a jittered, growing pause.
        deadline = time.monotonic() + self._contention_seconds
        attempt = 0
        while True:
            try:
                return self._record_once(partner, key_id, events, received_at)
            except IntegrityError as error:
                ceiling = _FIRST_BACKOFF_SECONDS * 2 ** min(attempt, 16)
                pause = random.uniform(0, min(_MAX_BACKOFF_SECONDS, ceiling))
                if time.monotonic() + pause > deadline:
                    raise ContendedError(f"still contended after {attempt + 1} attempts") from error
                log.debug("intake save lost a race (attempt %d); retrying", attempt + 1)
                attempt += 1
                time.sleep(pause)

    def _record_once(
        self, partner: str, key_id: str, events: Sequence[Prepared], received_at: datetime
    ) -> Outcome:
        outcome = Outcome()
        stored = self._heads.claims(partner, {e.event_id for e in events})
        appends = StreamAppends(partner, self._versions(partner, events))
        claimed: dict[str, KnownClaim] = {}  # claimed in this batch, by event id
        new_claims: list[Claim] = []
        first_index: dict[str, int] = {}
        for index, item in enumerate(events):
            event_id, content = item.event_id, item.digest
            existing = claimed.get(event_id) or stored.get(event_id)
            if existing is None:
                claimed[event_id] = KnownClaim(item.candidate_id, content)
                new_claims.append(Claim(partner, event_id, item.candidate_id, content))
                first_index[event_id] = index
                appends.record(item.candidate_id, item.envelope, received_at, key_id)
                outcome.accepted += 1
            elif item.same_content(existing.digest) and existing.candidate_id == item.candidate_id:
                # Also an id repeated inside this batch: the contract accepts an id once.
                outcome.repeated[event_id] += 1
                outcome.duplicates += 1
                outcome.duplicate_indexes.append(index)
            else:
                outcome.conflicts.append(Conflict(index, event_id, first_index.get(event_id)))
        if outcome.conflicts:
            raise ConflictError(outcome.conflicts)
        if new_claims:  # a batch of duplicates only writes nothing to the event store
            self.save_events(appends.events(), new_claims)
        return outcome

    def save_events(self, events: Sequence[Any], claims: Sequence[Claim]) -> None:
        """Put new domain events and the claims on their ids into the store in one
        transaction.

        What ``Application.save`` does for the intake, without its per-object protocol
        checks (a fifth of a batch's time, ADR 0012): the intake keeps no aggregate
        cache, takes no snapshots and has no followers to notify. Raises
        ``IntegrityError`` when another writer took one of the versions or claims.
        """
        self.events.put(list(events), claims=claims)

    def _versions(self, partner: str, events: Sequence[Prepared]) -> dict[UUID, int]:
        candidates = {e.candidate_id for e in events}
        return self._heads.versions({CandidateStream.create_id(partner, c) for c in candidates})
