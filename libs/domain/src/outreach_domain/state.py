"""What the system knows about one candidate of one partner.

The state is the candidate's facts — each recorded event once, sorted by when it
occurred — rather than running totals. That makes it independent of delivery order
and duplicates by construction, and lets an as-of or known-at audit cut it exactly
(``fold.restrict``); the figures coaches look at are derived in ``summary``.
"""

from datetime import UTC, date, datetime, tzinfo
from functools import cached_property
from typing import TypeVar
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict

from outreach_contract.v1 import Event
from outreach_contract.v1 import data as d
from outreach_contract.v1 import events as ev

E = TypeVar("E", bound=BaseModel)


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True)

    received_at: AwareDatetime
    event: Event

    @property
    def event_id(self) -> str:
        return str(self.event.event_id)

    @property
    def sort_key(self) -> tuple[datetime, str]:
        return (self.event.occurred_at.astimezone(UTC), self.event_id)


class CandidateState(BaseModel):
    model_config = ConfigDict(frozen=True, ignored_types=(cached_property,))

    partner: str
    candidate_id: str
    facts: tuple[Fact, ...] = ()

    @cached_property
    def event_ids(self) -> frozenset[str]:
        return frozenset(fact.event_id for fact in self.facts)

    def of_type(self, kind: type[E]) -> list[E]:
        """The candidate's events of one contract class, oldest first."""
        return [fact.event for fact in self.facts if isinstance(fact.event, kind)]

    @cached_property
    def profile(self) -> d.CandidateRegistered | None:
        registrations = self.of_type(ev.CandidateRegistered)
        return registrations[-1].data if registrations else None

    @cached_property
    def timezone(self) -> tzinfo:
        if self.profile and self.profile.timezone:
            return ZoneInfo(self.profile.timezone)
        return UTC

    @cached_property
    def contacts(self) -> dict[str, d.ContactAdded]:
        """Each contact as last described (a later ``contact.added`` updates it)."""
        return {e.data.contact_id: e.data for e in self.of_type(ev.ContactAdded)}

    def local_date(self, moment: datetime) -> date:
        """The calendar day of a moment where the candidate lives."""
        return moment.astimezone(self.timezone).date()
