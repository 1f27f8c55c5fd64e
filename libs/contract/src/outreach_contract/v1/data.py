"""The ``data`` payload of each of the 16 event types of contract v1."""

from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, field_validator

from outreach_contract.v1.enums import (
    Aspect,
    Asset,
    Channel,
    Circumstance,
    LeadQuality,
    MeetingFormat,
    ReferredTo,
    Relationship,
    Seniority,
    Story,
    Valence,
    Willingness,
)
from outreach_contract.v1.fields import Identifier, LongText, Name, ShortText

_TIMEZONES = frozenset(available_timezones())


class _Data(BaseModel):
    # Unknown fields are refused so that a partner's typo is an error, not silently lost data.
    model_config = ConfigDict(extra="forbid", frozen=True)


class _AboutContact(_Data):
    contact_id: Identifier


class CandidateRegistered(_Data):
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    timezone: str | None = Field(default=None, description="IANA time zone")
    target_roles: list[Name] = Field(default_factory=list, max_length=50)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        if value is not None and value not in _TIMEZONES:
            raise ValueError(f"{value!r} is not an IANA time zone")
        return value


class ContactAdded(_AboutContact):
    # Added to v1 (DESIGN 3.1): optional, and left out of the encoding when absent, so an
    # event without it keeps the bytes and the content digest it had before (a partner's
    # retry across the upgrade is still a duplicate, not a 409).
    name: Name | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the contact's display name (1-200 printable characters), used in "
        "advice and reports instead of contact_id",
    )
    company: Name
    title: Name | None = None
    seniority: Seniority | None = None
    relationship: Relationship | None = None
    is_hiring_manager: bool = False
    can_reach_hiring_manager: bool | None = None


class OutreachSent(_AboutContact):
    channel: Channel


class ContactReplied(_AboutContact):
    willingness: Willingness | None = None


class MeetingHeld(_AboutContact):
    format: MeetingFormat | None = None
    minutes: int | None = Field(default=None, ge=1, le=24 * 60)


class ReferralRequested(_AboutContact):
    company: Name
    role: Name | None = None


class ReferralMade(_AboutContact):
    company: Name
    referred_to: ReferredTo


class LeadCreated(_Data):
    company: Name
    role: Name | None = None
    quality: LeadQuality = LeadQuality.SOLID
    source_contact_id: Identifier | None = None


class InterviewScheduled(_Data):
    company: Name
    role: Name | None = None
    with_hiring_manager: bool = False


class EmploymentEnded(_Data):
    circumstance: Circumstance


class DepartureExplained(_AboutContact):
    story: Story


class ImpressionNoted(_AboutContact):
    valence: Valence
    context: ShortText | None = None


class PresentationSubmitted(_Data):
    asset: Asset
    text: LongText


class FeedbackReceived(_Data):
    aspect: Aspect
    sentiment: Valence
    contact_id: Identifier | None = None
    note: ShortText | None = None


class HelpPromised(_AboutContact):
    action: ShortText | None = None


class HelpDelivered(_AboutContact):
    action: ShortText | None = None
