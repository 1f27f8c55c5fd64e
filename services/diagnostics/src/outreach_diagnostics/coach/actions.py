"""A next action: a dated to-do with the reason it serves and the events behind it."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from outreach_contract.v1 import ReasonSlug
from outreach_diagnostics.dates import business_day
from outreach_diagnostics.rules.context import RuleContext

REASON_ORDER = {slug: n for n, slug in enumerate(ReasonSlug)}


@dataclass(frozen=True)
class Action:
    due: date
    action: str  # in plain words, naming the contact (never an id)
    reason: ReasonSlug
    contact_id: str | None
    event_ids: tuple[str, ...] = field(default=())

    @property
    def sort_key(self) -> tuple[date, int, str, str]:
        return (self.due, REASON_ORDER[self.reason], self.contact_id or "", self.action)


def add_business_days(day: date, count: int, country: str | None) -> date:
    """The ``count``-th business day after ``day`` (weekends and the country's public
    holidays are not counted: "3 business days" from a Friday is the Wednesday)."""
    for _ in range(count):
        day = business_day(day + timedelta(days=1), country)
    return day


def who(ctx: RuleContext, contact_id: str) -> str:
    """A contact as a coach reads it: their name, else their company; never the id."""
    contact = ctx.state.contacts.get(contact_id)
    if contact is not None and contact.name:
        return contact.name
    if contact is not None:
        return f"your contact at {contact.company}"
    return "a contact not on record"
