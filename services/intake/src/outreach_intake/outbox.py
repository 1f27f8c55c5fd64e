"""The event store's notification log read as the outbox: recorded events in commit order.

The relay (to Kafka), the embedded projection and the replay read it through this one
module (``outreach_platform.outbox.Outbox`` is the port they depend on), so a recorded
event looks the same whichever way it travels.
"""

from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from outreach_contract.v1 import EVENT_ADAPTER, RecordedEvent
from outreach_contract.v1.personal import SealedEvent, SealedRecord, StoredRecord
from outreach_intake.domainmodel import CandidateStream

_RECORDED_TOPIC = get_topic(CandidateStream.EventRecorded)


class OutboxReader:
    """Reads recorded events after a notification id (ids may have gaps: never assume +1)."""

    def __init__(self, app: Application[UUID]) -> None:
        self._app = app

    def read(self, after: int, limit: int) -> list[StoredRecord]:
        notifications = self._app.recorder.select_notifications(
            start=after, limit=limit, topics=(_RECORDED_TOPIC,), inclusive_of_start=False
        )
        return [self._decode(n) for n in notifications]

    def head(self) -> int:
        """The newest notification id, recorded event or not (0 when empty)."""
        return self._app.recorder.max_notification_id() or 0

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
        return RecordedEvent(
            partner=recorded.partner,
            received_at=recorded.received_at,
            position=notification.id,
            event=EVENT_ADAPTER.validate_python(recorded.envelope),
        )
