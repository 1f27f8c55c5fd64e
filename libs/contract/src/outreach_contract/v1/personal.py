"""Which fields of each event type are a person's data, and the sealed form of an event.

Every field of every ``data`` model is classified here, one way or the other (a unit
test holds the two lists to the models, so a field added to the contract must be
placed). *Personal* fields are the free texts, names, titles, notes, contexts and the
departure stories: they are encrypted with the candidate's data key before an event is
stored or published, and gone for good when that key is destroyed (ADR 0015). *Clear*
fields stay readable: the ids (partners' pseudonyms: the contract asks them to put no
names in ids), enumerations that describe networking rather than a person (channel,
seniority, willingness, ...), companies, counts and flags; they are what routes,
orders and counts events, and they identify nobody once the personal fields are gone.

The sealed form (``SealedEvent``, ``SealedRecord``) is what the event store and the Kafka
topic hold: the envelope and the clear fields as sent, and the personal ones in one
AES-GCM ``box``. This module is pure: the cryptography is the platform's.
"""

from collections.abc import Mapping
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

from outreach_contract.v1.events import PARTNER_PATTERN, RecordedEvent

PERSONAL_FIELDS: Mapping[str, frozenset[str]] = {
    "candidate.registered": frozenset({"target_roles"}),  # titles
    "contact.added": frozenset({"name", "title"}),
    "outreach.sent": frozenset(),
    "contact.replied": frozenset(),
    "meeting.held": frozenset(),
    "referral.requested": frozenset({"role"}),
    "referral.made": frozenset(),
    "lead.created": frozenset({"role"}),
    "interview.scheduled": frozenset({"role"}),
    "employment.ended": frozenset({"circumstance"}),  # how a job ended: a story
    "departure.explained": frozenset({"story"}),
    "impression.noted": frozenset({"context"}),
    "presentation.submitted": frozenset({"text"}),
    "feedback.received": frozenset({"note"}),
    "help.promised": frozenset({"action"}),
    "help.delivered": frozenset({"action"}),
}
CLEAR_FIELDS: Mapping[str, frozenset[str]] = {
    "candidate.registered": frozenset({"country", "timezone"}),
    "contact.added": frozenset(
        {
            "contact_id",
            "company",
            "seniority",
            "relationship",
            "is_hiring_manager",
            "can_reach_hiring_manager",
        }
    ),
    "outreach.sent": frozenset({"contact_id", "channel"}),
    "contact.replied": frozenset({"contact_id", "willingness"}),
    "meeting.held": frozenset({"contact_id", "format", "minutes"}),
    "referral.requested": frozenset({"contact_id", "company"}),
    "referral.made": frozenset({"contact_id", "company", "referred_to"}),
    "lead.created": frozenset({"company", "quality", "source_contact_id"}),
    "interview.scheduled": frozenset({"company", "with_hiring_manager"}),
    "employment.ended": frozenset(),
    "departure.explained": frozenset({"contact_id"}),
    "impression.noted": frozenset({"contact_id", "valence"}),
    "presentation.submitted": frozenset({"asset"}),
    "feedback.received": frozenset({"aspect", "sentiment", "contact_id"}),
    "help.promised": frozenset({"contact_id"}),
    "help.delivered": frozenset({"contact_id"}),
}


def split(envelope: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(clear envelope, personal fields)`` of an event's JSON form. A personal field
    that is absent or null is left in the clear: there is nothing in it to hide."""
    personal_names = PERSONAL_FIELDS.get(str(envelope.get("type")), frozenset())
    data: Mapping[str, Any] = envelope.get("data") or {}
    personal = {k: v for k, v in data.items() if k in personal_names and v not in (None, [])}
    clear_data = {k: v for k, v in data.items() if k not in personal}
    return {**envelope, "data": clear_data}, personal


def merge(clear: Mapping[str, Any], personal: Mapping[str, Any]) -> dict[str, Any]:
    """The event's JSON form again: the inverse of ``split``."""
    return {**clear, "data": {**(clear.get("data") or {}), **personal}}


class Box(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key_id: str = Field(description="the candidate's data key that sealed it")
    box: str = Field(description="base64url: AES-GCM nonce and ciphertext of the fields")


class SealedEvent(BaseModel):
    """An event with its personal fields in ``sealed``: readable without the key but for them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: UUID
    type: str
    candidate_id: str
    occurred_at: AwareDatetime
    data: dict[str, Any]
    sealed: Box


class SealedRecord(BaseModel):
    """A recorded event as the store and the topic hold it when it has personal fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_: Literal["outreach.sealed-event/1"] = Field(
        default="outreach.sealed-event/1", alias="schema"
    )
    partner: str = Field(pattern=PARTNER_PATTERN)
    received_at: AwareDatetime
    position: int = Field(ge=1)
    event: SealedEvent

    @property
    def stream_key(self) -> str:
        return f"{self.partner}/{self.event.candidate_id}"


StoredRecord = RecordedEvent | SealedRecord
"""What the event store's outbox and the topic carry: sealed, or (without personal
fields, or recorded before ADR 0015) in the clear."""
STORED_ADAPTER: TypeAdapter[StoredRecord] = TypeAdapter(
    Annotated[StoredRecord, Field(discriminator="schema_")]
)
