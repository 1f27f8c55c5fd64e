"""Claims on partner event ids: rows of a table beside the stored events (ADR 0012).

A partner's event id is accepted once (ADR 0002). Each claim used to be a stored event
of its own (``EventClaim``), so a batch stored two rows per event. A claim is now a row
of ``intake_claims``, keyed by (partner, event id), that the recorder inserts in the
transaction of the batch's stored events (``insert_events(..., claims=...)``, as a process
recorder inserts its tracking row). A repeated id fails that save on the table's primary
key, exactly like a stream version another writer took, and the intake reads again (ADR
0008). The claims stored as events before are copied in at start-up
(``claims_migration.py``).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

TABLE = "intake_claims"
MIGRATIONS = "intake_migrations"
"""How far each one-off copy into the intake's tables has read the notification log."""


@dataclass(frozen=True)
class KnownClaim:
    """An event id already claimed: by which candidate, for which content."""

    candidate_id: str
    digest: str


@dataclass(frozen=True)
class Claim:
    partner: str
    event_id: str
    candidate_id: str
    digest: str

    def row(self) -> tuple[str, str, str, str]:
        return (self.partner, self.event_id, self.candidate_id, self.digest)


class ClaimsRecorder(Protocol):
    """What an intake's recorder adds to its library class: ``insert_events`` takes
    ``claims=`` and inserts them in its transaction, failing on a claimed id."""

    def insert_events(self, stored_events: Sequence[Any], **kwargs: Any) -> Any: ...

    def select_claims(self, partner: str, event_ids: Collection[str]) -> dict[str, KnownClaim]:
        """The stored claims among these event ids of the partner, in one query."""
        ...

    def copy_claims(self, claims: Sequence[Claim], migration: str, through: int) -> None:
        """Store the claims not stored yet, and that ``migration`` has read the log
        through notification ``through``, in one transaction."""
        ...

    def copied_through(self, migration: str) -> int:
        """The notification id ``migration`` has read through (0: not started)."""
        ...
