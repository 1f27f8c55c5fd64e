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
    contact_id: Identifier = Field(
        description="the partner's id for the contact (as in its contact.added event)"
    )


class CandidateRegisteredData(_Data):
    country: str = Field(
        pattern=r"^[A-Z]{2}$",
        description="the country the candidate searches in, ISO 3166-1 alpha-2 (its "
        "holiday calendar sets the seasons)",
    )
    timezone: str | None = Field(
        default=None, description="the candidate's IANA time zone (their day and week)"
    )
    target_roles: list[Name] = Field(
        default_factory=list, max_length=50, description="the roles the candidate is looking for"
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        if value is not None and value not in _TIMEZONES:
            raise ValueError(f"{value!r} is not an IANA time zone")
        return value


class ContactAddedData(_AboutContact):
    # Added to v1 (DESIGN 3.1): optional, and left out of the encoding when absent, so an
    # event without it keeps the bytes and the content digest it had before (a partner's
    # retry across the upgrade is still a duplicate, not a 409).
    name: Name | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the contact's display name (1-200 printable characters), used in "
        "advice and reports instead of contact_id",
    )
    company: Name = Field(description="the employer the contact works for")
    title: Name | None = Field(default=None, description="the contact's job title")
    seniority: Seniority | None = Field(default=None, description="how senior the contact is")
    relationship: Relationship | None = Field(
        default=None, description="how the candidate knows the contact"
    )
    is_hiring_manager: bool = Field(
        default=False, description="whether the contact can hire for the roles sought"
    )
    can_reach_hiring_manager: bool | None = Field(
        default=None, description="whether the contact can reach someone who can hire"
    )


class OutreachSentData(_AboutContact):
    channel: Channel = Field(description="how the candidate reached out")


class ContactRepliedData(_AboutContact):
    willingness: Willingness | None = Field(
        default=None, description="how willing to help the reply sounded"
    )


class MeetingHeldData(_AboutContact):
    format: MeetingFormat | None = Field(default=None, description="how they met")
    minutes: int | None = Field(
        default=None, ge=1, le=24 * 60, description="how long the meeting lasted, in minutes"
    )


class ReferralRequestedData(_AboutContact):
    company: Name = Field(description="the employer the candidate asked to be referred to")
    role: Name | None = Field(default=None, description="the role the referral is for")


class ReferralMadeData(_AboutContact):
    company: Name = Field(description="the employer the candidate was referred to")
    referred_to: ReferredTo = Field(description="whom the referral reached there")


class LeadCreatedData(_Data):
    company: Name = Field(description="the employer with an opening")
    role: Name | None = Field(default=None, description="the opening's role")
    quality: LeadQuality = Field(default=LeadQuality.SOLID, description="how promising it is")
    source_contact_id: Identifier | None = Field(
        default=None, description="the contact the lead came from, if any"
    )


class InterviewScheduledData(_Data):
    company: Name = Field(description="the employer that invited the candidate")
    role: Name | None = Field(default=None, description="the role interviewed for")
    with_hiring_manager: bool = Field(
        default=False, description="whether the hiring manager takes part"
    )


class EmploymentEndedData(_Data):
    circumstance: Circumstance = Field(description="how the last job really ended (the record)")


class DepartureExplainedData(_AboutContact):
    story: Story = Field(description="the story the candidate told the contact about leaving")


class ImpressionNotedData(_AboutContact):
    valence: Valence = Field(description="the contact's prior impression of the candidate")
    context: ShortText | None = Field(
        default=None, description="where the impression comes from, in words"
    )


class PresentationSubmittedData(_Data):
    asset: Asset = Field(description="what was submitted")
    text: LongText = Field(description="its text, at most 100 kB of UTF-8 (checked offline)")


class FeedbackReceivedData(_Data):
    aspect: Aspect = Field(description="what the feedback is about")
    sentiment: Valence = Field(description="whether it was negative, neutral or positive")
    contact_id: Identifier | None = Field(
        default=None, description="the contact who gave it, if one did"
    )
    note: ShortText | None = Field(default=None, description="the feedback in words")


class HelpPromisedData(_AboutContact):
    action: ShortText | None = Field(default=None, description="what the contact promised")


class HelpDeliveredData(_AboutContact):
    action: ShortText | None = Field(default=None, description="what the contact did")
