"""The event store's notification log read as the outbox: recorded events in commit order.

The relay (to Kafka), the embedded projection and the replay read it through this one
module (``outreach_platform.outbox.Outbox`` is the port they depend on), so a recorded
event looks the same whichever way it travels.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic
from pydantic import AwareDatetime, TypeAdapter

from outreach_contract.codec import canonical_json_as
from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent
from outreach_contract.v1.personal import SealedEvent, SealedRecord, StoredRecord
from outreach_intake.domainmodel import CandidateStream
from outreach_intake.outbox_rows import outbox_rows
from outreach_platform.outbox import OutboxRecord

_RECORDED_TOPIC = get_topic(CandidateStream.EventRecorded)
_SCHEMA = RecordedEvent.model_fields["schema_"].default
_SEALED_SCHEMA = SealedRecord.model_fields["schema_"].default
_TIME: TypeAdapter[datetime] = TypeAdapter(AwareDatetime)


class OutboxReader:
    """Reads recorded events after a notification id (ids may have gaps: never assume +1)."""

    def __init__(self, app: Application[UUID]) -> None:
        self._app = app
        self._rows = outbox_rows(app, _RECORDED_TOPIC)

    def read(self, after: int, limit: int) -> list[StoredRecord]:
        """As stored: sealed where they hold personal fields (the readers open them)."""
        return [self._decode(n) for n in self._notifications(after, limit)]

    def records(self, after: int, limit: int) -> list[OutboxRecord]:
        """The relay's read (ADR 0012): each stored envelope is written as the canonical
        JSON of its ``RecordedEvent`` (or, sealed, its ``SealedRecord``: ADR 0015) without
        building the models. The intake stored the envelope as the contract's JSON form
        of the validated (and sealed) event, so the bytes are those of
        ``canonical_json(read(...)[i])``; the projection validates and opens them."""
        return [self._record(position, state) for position, state in self._rows(after, limit)]

    def head(self) -> int:
        """The newest notification id, recorded event or not (0 when empty)."""
        return self._app.recorder.max_notification_id() or 0

    def _notifications(self, after: int, limit: int) -> list[Notification]:
        return list(
            self._app.recorder.select_notifications(
                start=after, limit=limit, topics=(_RECORDED_TOPIC,), inclusive_of_start=False
            )
        )

    def _decode(self, notification: Notification) -> StoredRecord:
        recorded = self._app.mapper.to_domain_event(notification)
        assert isinstance(recorded, CandidateStream.EventRecorded)  # the topic filter's promise
        if "sealed" in recorded.envelope:  # as stored: the readers open it (ADR 0015)
            return SealedRecord(
                partner=recorded.partner,
                received_at=recorded.received_at,
                position=notification.id,
                event=SealedEvent.model_validate(recorded.envelope),
            )
        # Built without validating again what the intake validated before storing it
        # (the envelope is still read by the contract): a third of the decoding.
        return RecordedEvent.model_construct(
            partner=recorded.partner,
            received_at=recorded.received_at,
            position=notification.id,
            event=EVENT_ADAPTER.validate_python(recorded.envelope),
        )

    def _record(self, position: int, stored: bytes) -> OutboxRecord:
        state = self._state(stored)
        envelope = state["envelope"]
        received_at = datetime.fromisoformat(state["received_at"]["_data_"])
        partner = state["partner"]
        sealed = "sealed" in envelope
        recorded = {
            "schema": _SEALED_SCHEMA if sealed else _SCHEMA,
            "partner": partner,
            "received_at": _TIME.dump_python(received_at, mode="json"),
            "position": position,
            "event": envelope,
        }
        return OutboxRecord(
            partner=partner,
            event_id=envelope["event_id"],
            position=position,
            received_at=received_at,
            key=f"{partner}/{envelope['candidate_id']}".encode(),
            value=canonical_json_as(recorded, SealedRecord if sealed else RecordedEvent),
        )

    def _state(self, stored: bytes) -> dict[str, Any]:
        # The mapper's steps, in its order, with orjson for the JSON: its datetimes stay
        # {"_type_", "_data_"} objects, and only received_at is read as one.
        mapper = self._app.mapper
        if mapper.cipher:
            stored = mapper.cipher.decrypt(stored)
        if mapper.compressor:
            stored = mapper.compressor.decompress(stored)
        state: dict[str, Any] = orjson.loads(stored)
        return state
