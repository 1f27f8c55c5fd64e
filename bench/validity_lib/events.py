"""One candidate's event stream under construction: ids, local timestamps, contacts.

Everything is drawn from the ``random.Random`` handed in, so a population built twice
from the same seed is the same, event ids included.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Event = dict[str, Any]

FIRST_NAMES = (
    "Alex", "Priya", "Tom", "Maria", "Chen", "Fatima", "James", "Olivia", "Raj", "Sofia",
    "Daniel", "Aisha", "Lukas", "Emma", "Kenji", "Grace", "Omar", "Hannah", "Diego", "Mei",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Patel", "Nguyen", "Garcia", "Brown", "Khan", "Muller", "Wilson", "Kim", "Lopez",
    "Taylor", "Singh", "Martin", "Evans", "Schmidt", "Clark", "Ali", "Walker", "Young", "Reed",
)  # fmt: skip


@dataclass
class Contact:
    contact_id: str
    company: str
    first_reached: date | None = None


@dataclass
class Builder:
    """Appends contract-v1 events for one candidate; days are the candidate's local days."""

    candidate_id: str
    as_of: date
    tz: ZoneInfo
    rng: random.Random
    contact_names: bool = True
    events: list[Event] = field(default_factory=list)
    contacts: dict[str, Contact] = field(default_factory=dict)

    def day(self, offset: int) -> date:
        return self.as_of + timedelta(days=offset)

    def stamp(self, day: date) -> str:
        # Business hours, local: a partner reports when it happened where the candidate is.
        moment = time(self.rng.randint(8, 19), self.rng.randint(0, 59), self.rng.randint(0, 59))
        return datetime.combine(day, moment, tzinfo=self.tz).isoformat()

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def emit(self, kind: str, day: date, data: dict[str, Any]) -> str:
        event_id = self.new_id()
        self.events.append(
            {
                "event_id": event_id,
                "type": kind,
                "candidate_id": self.candidate_id,
                "occurred_at": self.stamp(day),
                "data": data,
            }
        )
        return event_id

    def add_contact(self, day: date, company: str, **fields: Any) -> str:
        contact_id = f"c{len(self.contacts) + 1:03d}"
        data: dict[str, Any] = {"contact_id": contact_id, "company": company}
        if self.contact_names:
            data["name"] = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        data.update({key: value for key, value in fields.items() if value is not None})
        self.emit("contact.added", day, data)
        self.contacts[contact_id] = Contact(contact_id, company)
        return contact_id

    def reach(self, contact_id: str, day: date, channel: str) -> None:
        contact = self.contacts[contact_id]
        if contact.first_reached is None or day < contact.first_reached:
            contact.first_reached = day
        self.emit("outreach.sent", day, {"contact_id": contact_id, "channel": channel})

    def reply(self, contact_id: str, day: date, willingness: str) -> None:
        self.emit("contact.replied", day, {"contact_id": contact_id, "willingness": willingness})

    def meet(self, contact_id: str, day: date, fmt: str, minutes: int) -> None:
        data = {"contact_id": contact_id, "format": fmt, "minutes": minutes}
        self.emit("meeting.held", day, data)

    def refer(
        self, contact_id: str, day: date, referred_to: str, interview_after: int | None
    ) -> None:
        """A referral asked for two days before ``day`` and made on it; an interview at the
        contact's company ``interview_after`` days later (None: never)."""
        company = self.contacts[contact_id].company
        asked = {"contact_id": contact_id, "company": company, "role": "Analyst"}
        self.emit("referral.requested", day - timedelta(days=2), asked)
        made = {"contact_id": contact_id, "company": company, "referred_to": referred_to}
        self.emit("referral.made", day, made)
        if interview_after is not None:
            when = day + timedelta(days=interview_after)
            data = {"company": company, "role": "Analyst", "with_hiring_manager": True}
            self.emit("interview.scheduled", min(when, self.as_of), data)
