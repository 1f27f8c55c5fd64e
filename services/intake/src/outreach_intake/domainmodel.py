"""The intake's aggregates, recorded with the ``eventsourcing`` library.

``CandidateStream`` is one candidate of one partner: the ordered stream of what the
partner told us, with optimistic concurrency on its version. ``EventClaim`` was one
partner event id, claimed once across all of that partner's candidates; claims are now
rows of a table written in the events' transaction (``claims.py``, ADR 0012), and the
class stays so that the claims older versions stored as events are read (and copied into
the table: ``claims_migration.py``). Repeats are counted beside the store, not appended
to it (``receipts.py``).
"""

from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import get_topic

_NAMESPACE = uuid5(NAMESPACE_URL, "https://outreach-diagnostics/intake")


class CandidateStream(Aggregate):
    @staticmethod
    def create_id(partner: str, candidate_id: str) -> UUID:
        return _stream_id(partner, candidate_id)

    @event("Opened")
    def __init__(self, partner: str, candidate_id: str) -> None:
        self.partner = partner
        self.candidate_id = candidate_id
        self.recorded = 0

    class EventRecorded(Aggregate.Event):
        partner: str
        envelope: dict[str, Any]
        received_at: datetime
        key_id: str

    class Resubmitted(Aggregate.Event):
        """A repeated post, as streams recorded it before repeats were counted in the
        receipt tally (``receipts.py``, ADR 0008). No longer written; still read, so old
        streams load and their audit trails keep every receipt they had."""

        event_id: str
        received_at: datetime
        key_id: str

    @event(EventRecorded)
    def record(
        self, partner: str, envelope: dict[str, Any], received_at: datetime, key_id: str
    ) -> None:
        # The partner rides along on every event so readers of the notification log
        # never have to load the aggregate to know whose event it is.
        self.recorded += 1


class EventClaim(Aggregate):
    @staticmethod
    def create_id(partner: str, event_id: str, candidate_id: str, digest: str) -> UUID:
        return claim_id(partner, event_id)

    @event("Claimed")
    def __init__(self, partner: str, event_id: str, candidate_id: str, digest: str) -> None:
        self.partner = partner
        self.event_id = event_id
        self.candidate_id = candidate_id
        self.digest = digest


@lru_cache(maxsize=100_000)
def _stream_id(partner: str, candidate_id: str) -> UUID:
    # A batch asks for each of its streams' ids three times (locks, versions, appends), and
    # partners post the same candidates batch after batch: a uuid5 costs 13 µs.
    return uuid5(_NAMESPACE, f"candidate:{partner}/{candidate_id}")


def claim_id(partner: str, event_id: str) -> UUID:
    return uuid5(_NAMESPACE, f"event:{partner}/{event_id}")


# Built without their aggregates (ADR 0012): the intake writes hundreds a batch and never
# loads a claim or a stream to change it. The same events the aggregates' methods record.
_CLAIMED: Any = vars(EventClaim)["Claimed"]
_RECORDED: Any = CandidateStream.EventRecorded
_CLAIM_TOPIC = get_topic(EventClaim)


def claimed(claim: UUID, partner: str, event_id: str, candidate_id: str, digest: str) -> Any:
    """The one event of a claim as ``EventClaim(...)`` records it: no longer written,
    the form of the claims a store written before the claims table holds."""
    return _CLAIMED(
        originator_id=claim,
        originator_version=1,
        timestamp=_CLAIMED.create_timestamp(),
        originator_topic=_CLAIM_TOPIC,
        partner=partner,
        event_id=event_id,
        candidate_id=candidate_id,
        digest=digest,
    )


def recorded(
    stream: UUID,
    version: int,
    partner: str,
    envelope: dict[str, Any],
    received_at: datetime,
    key_id: str,
) -> Any:
    """Event ``version`` of a candidate's stream, as ``CandidateStream.record`` records it."""
    return _RECORDED(
        originator_id=stream,
        originator_version=version,
        timestamp=_RECORDED.create_timestamp(),
        partner=partner,
        envelope=envelope,
        received_at=received_at,
        key_id=key_id,
    )
