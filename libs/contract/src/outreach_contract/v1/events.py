"""The envelope of contract v1 and one event class per type.

``Event`` is a union discriminated by ``type``, so a bad payload is reported against
the fields of the type the partner named rather than against all sixteen.
"""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from outreach_contract.v1 import bounds
from outreach_contract.v1 import data as d
from outreach_contract.v1.examples import EXAMPLE_TYPES, example_event
from outreach_contract.v1.fields import (
    CANDIDATE_ID_PATTERN,
    CANDIDATE_ID_RULE,
    Identifier,
    candidate_id_problem,
)


def _document(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    """Each event type's schema says what its ``type`` and ``data`` are and shows an
    example (the OpenAPI document, ADR 0017)."""
    kind = cls.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
    properties = schema["properties"]
    properties["type"]["description"] = f"the event type: {kind}"
    properties["data"]["description"] = f"the fields of a {kind} event"
    schema["examples"] = [example_event(kind)]


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_document)

    event_id: UUID = Field(
        description="chosen by the partner: the idempotency key (the same id twice is "
        "accepted once; with other content it is a 409)"
    )
    candidate_id: Annotated[
        Identifier,
        # Enforced on submission (EventBatch), so that ids recorded before stay readable.
        Field(description=CANDIDATE_ID_RULE, json_schema_extra={"pattern": CANDIDATE_ID_PATTERN}),
    ]
    # "At most a day in the future" is checked on submission (``EventBatch``), with the
    # floor, not here: an event already recorded must read the same whatever the reader's
    # clock says, and a clock per event cost a tenth of a batch's validation.
    occurred_at: AwareDatetime = Field(
        description="when it happened, RFC 3339 with an offset; at most a day in the future"
    )


class CandidateRegistered(_Envelope):
    type: Literal["candidate.registered"]
    data: d.CandidateRegisteredData


class ContactAdded(_Envelope):
    type: Literal["contact.added"]
    data: d.ContactAddedData


class OutreachSent(_Envelope):
    type: Literal["outreach.sent"]
    data: d.OutreachSentData


class ContactReplied(_Envelope):
    type: Literal["contact.replied"]
    data: d.ContactRepliedData


class MeetingHeld(_Envelope):
    type: Literal["meeting.held"]
    data: d.MeetingHeldData


class ReferralRequested(_Envelope):
    type: Literal["referral.requested"]
    data: d.ReferralRequestedData


class ReferralMade(_Envelope):
    type: Literal["referral.made"]
    data: d.ReferralMadeData


class LeadCreated(_Envelope):
    type: Literal["lead.created"]
    data: d.LeadCreatedData


class InterviewScheduled(_Envelope):
    type: Literal["interview.scheduled"]
    data: d.InterviewScheduledData


class EmploymentEnded(_Envelope):
    type: Literal["employment.ended"]
    data: d.EmploymentEndedData


class DepartureExplained(_Envelope):
    type: Literal["departure.explained"]
    data: d.DepartureExplainedData


class ImpressionNoted(_Envelope):
    type: Literal["impression.noted"]
    data: d.ImpressionNotedData


class PresentationSubmitted(_Envelope):
    type: Literal["presentation.submitted"]
    data: d.PresentationSubmittedData


class FeedbackReceived(_Envelope):
    type: Literal["feedback.received"]
    data: d.FeedbackReceivedData


class HelpPromised(_Envelope):
    type: Literal["help.promised"]
    data: d.HelpPromisedData


class HelpDelivered(_Envelope):
    type: Literal["help.delivered"]
    data: d.HelpDeliveredData


Event = Annotated[
    CandidateRegistered
    | ContactAdded
    | OutreachSent
    | ContactReplied
    | MeetingHeld
    | ReferralRequested
    | ReferralMade
    | LeadCreated
    | InterviewScheduled
    | EmploymentEnded
    | DepartureExplained
    | ImpressionNoted
    | PresentationSubmitted
    | FeedbackReceived
    | HelpPromised
    | HelpDelivered,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_TYPES: tuple[str, ...] = tuple(
    cls.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
    for cls in _Envelope.__subclasses__()
)

MAX_BATCH = 1_000
PARTNER_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class EventBatch(BaseModel):
    """What a partner posts to ``POST /v1/events``: all of it is stored, or none."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"examples": [{"events": [example_event(t) for t in EXAMPLE_TYPES]}]},
    )

    events: list[Event] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description="1 to 1,000 events, of one or several candidates: stored all or none",
    )

    @field_validator("events")
    @classmethod
    def _within_time_bounds(cls, events: list[Event]) -> list[Event]:
        # Here rather than on the envelope: only what partners submit is held to the
        # configured floor and to a day ahead of the clock, never what is already
        # recorded (bounds.py says why). One clock reading for the batch.
        limits, now = bounds.current(), datetime.now(UTC)
        faults = [
            InitErrorDetails(
                type=PydanticCustomError("date_out_of_range", problem),
                loc=(index, "occurred_at"),
                input=item.occurred_at.isoformat(),
            )
            for index, item in enumerate(events)
            if (problem := limits.moment_problem(item.occurred_at, now))
        ]
        if faults:
            raise ValidationError.from_exception_data("EventBatch", faults)
        return events

    @field_validator("events")
    @classmethod
    def _addressable_candidates(cls, events: list[Event]) -> list[Event]:
        # A new candidate must be readable afterwards at /v1/candidates/{candidate_id}.
        faults = [
            InitErrorDetails(
                type=PydanticCustomError("candidate_id_unaddressable", problem),
                loc=(index, "candidate_id"),
                input=item.candidate_id,
            )
            for index, item in enumerate(events)
            if (problem := candidate_id_problem(item.candidate_id))
        ]
        if faults:
            raise ValidationError.from_exception_data("EventBatch", faults)
        return events


class RecordedEvent(BaseModel):
    """An event as the system recorded it: what the relay publishes and the fold consumes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_: Literal["outreach.recorded-event/1"] = Field(
        default="outreach.recorded-event/1", alias="schema"
    )
    partner: str = Field(pattern=PARTNER_PATTERN)
    received_at: AwareDatetime
    position: int = Field(ge=1, description="notification id in the event store")
    event: Event

    @property
    def stream_key(self) -> str:
        """Kafka key: one candidate of one partner stays in one partition, in order."""
        return f"{self.partner}/{self.event.candidate_id}"
