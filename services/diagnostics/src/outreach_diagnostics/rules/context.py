"""What every rule is handed: the state as it stood on ``as_of`` and the settings."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import CandidateState
from outreach_domain.summary import company_key

__all__ = ["Occurred", "RuleContext", "company_key"]

T = TypeVar("T")


class Occurred(Protocol):
    @property
    def occurred_at(self) -> datetime: ...


@dataclass(frozen=True)
class RuleContext:
    state: CandidateState  # already restricted to as_of (and known_at)
    as_of: date
    thresholds: Thresholds
    spelling: SpellCheck
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """What several rules derive from the same context, derived once (a context is
        one diagnosis: the state, the day and the settings do not change under it)."""
        if name not in self._memo:
            self._memo[name] = compute()
        found: T = self._memo[name]
        return found

    def day(self, event: Occurred) -> date:
        """The candidate's local calendar day of an event: weeks and deadlines use it."""
        return self.state.local_date(event.occurred_at)

    def company_of(self, contact_id: str) -> str | None:
        contact = self.state.contacts.get(contact_id)
        return contact.company if contact else None

    def name_of(self, contact_id: str) -> str:
        """How advice names a contact: their display name, else the partner's id."""
        contact = self.state.contacts.get(contact_id)
        return contact.name if contact and contact.name else contact_id

    @property
    def country(self) -> str | None:
        """The candidate's country (ISO 3166-1 alpha-2), if registered."""
        return self.state.profile.country if self.state.profile else None
