"""The claims of the in-memory store (unit tests): a dict under the recorder's lock."""

from collections.abc import Collection, Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder

from outreach_intake.claims import Claim, KnownClaim


class MemoryClaimsRecorder(POPOApplicationRecorder):
    def __init__(self) -> None:
        super().__init__()
        self._claims: dict[tuple[str, str], KnownClaim] = {}
        self._copied: dict[str, int] = {}

    # Both run under the recorder's lock, the events' check first, then the update.
    def _assert_uniqueness(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        super()._assert_uniqueness(stored_events, **kwargs)
        claims: Sequence[Claim] = kwargs.get("claims", ())
        keys = {(c.partner, c.event_id) for c in claims}
        if len(keys) < len(claims) or keys & self._claims.keys():
            raise IntegrityError("an event id of the batch is claimed already")

    def _update_table(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        for claim in kwargs.get("claims", ()):
            self._claims[(claim.partner, claim.event_id)] = _known(claim)
        return super()._update_table(stored_events, **kwargs)

    def select_claims(self, partner: str, event_ids: Collection[str]) -> dict[str, KnownClaim]:
        with self._database_lock:
            found = {e: self._claims.get((partner, e)) for e in event_ids}
        return {event_id: known for event_id, known in found.items() if known is not None}

    def copy_claims(self, claims: Sequence[Claim], migration: str, through: int) -> None:
        with self._database_lock:
            for claim in claims:
                self._claims.setdefault((claim.partner, claim.event_id), _known(claim))
            self._copied[migration] = max(self._copied.get(migration, 0), through)

    def copied_through(self, migration: str) -> int:
        with self._database_lock:
            return self._copied.get(migration, 0)


def _known(claim: Claim) -> KnownClaim:
    return KnownClaim(claim.candidate_id, claim.digest)
