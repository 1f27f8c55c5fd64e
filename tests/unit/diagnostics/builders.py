"""A candidate's history written day by day, validated by the contract and folded.

Days are the candidate's local days (New York by default) at 10:00 unless told, so a
test reads like the candidate's diary. Event ids are deterministic per history.
"""

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import NAMESPACE_URL, uuid5
from zoneinfo import ZoneInfo

from outreach_contract.v1 import ReasonVerdict
from outreach_diagnostics.rules import Rule, RuleContext
from outreach_diagnostics.spelling import default_checker
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import CandidateState, apply_all, empty_state, restrict
from tests.support.factories import event, recorded

NEW_YORK = "America/New_York"
REGISTERED = date(2025, 1, 6)


class History:
    def __init__(
        self,
        country: str | None = "US",
        timezone: str = NEW_YORK,
        registered: date | None = REGISTERED,
    ) -> None:
        self.zone = ZoneInfo(timezone)
        self.envelopes: list[dict[str, Any]] = []
        self.received: list[datetime] = []
        if registered is not None:
            if not country:
                raise ValueError("candidate.registered needs a country; pass registered=None")
            self.add("candidate.registered", registered, country=country, timezone=timezone)

    def add(
        self, type_: str, day: date, hour: int = 10, received: datetime | None = None, **data: Any
    ) -> str:
        """Record one event on a local day; returns its event id."""
        moment = datetime.combine(day, time(hour), self.zone)
        event_id = str(uuid5(NAMESPACE_URL, f"test/{len(self.envelopes)}/{type_}"))
        self.envelopes.append(event(type_, data, occurred_at=moment, event_id=event_id))
        self.received.append(received or moment + timedelta(hours=1))
        return event_id

    def contact(self, contact_id: str, company: str = "Acme", **fields: Any) -> str:
        return self.add(
            "contact.added", REGISTERED, contact_id=contact_id, company=company, **fields
        )

    def sent(self, contact_id: str, day: date, channel: str = "email") -> str:
        return self.add("outreach.sent", day, contact_id=contact_id, channel=channel)

    def reach(self, count: int, day: date, prefix: str = "c") -> list[str]:
        """Outreach to ``count`` distinct contacts on one day."""
        return [self.sent(f"{prefix}{day.isoformat()}-{n}", day) for n in range(count)]

    def meeting(self, contact_id: str, day: date, minutes: int | None = None) -> str:
        data: dict[str, Any] = {"contact_id": contact_id}
        if minutes is not None:
            data["minutes"] = minutes
        return self.add("meeting.held", day, **data)

    def referral(self, contact_id: str, company: str, day: date, to: str = "hr") -> str:
        return self.add(
            "referral.made", day, contact_id=contact_id, company=company, referred_to=to
        )

    def requested(self, contact_id: str, company: str, day: date) -> str:
        """A referral.requested: the contact agreed to refer the candidate."""
        return self.add("referral.requested", day, contact_id=contact_id, company=company)

    def interview(self, company: str, day: date, with_hiring_manager: bool = False) -> str:
        return self.add(
            "interview.scheduled", day, company=company, with_hiring_manager=with_hiring_manager
        )

    def state(self) -> CandidateState:
        items = [
            recorded(envelope, partner="acme", received_at=received, position=n + 1)
            for n, (envelope, received) in enumerate(
                zip(self.envelopes, self.received, strict=True)
            )
        ]
        return apply_all(empty_state("acme", "cand-1"), items)


def run(
    rule: Rule, history: History, as_of: date, thresholds: Thresholds | None = None
) -> ReasonVerdict:
    """One rule over the history as it stood on ``as_of``."""
    state = restrict(history.state(), as_of)
    ctx = RuleContext(state, as_of, thresholds or Thresholds(), default_checker())
    return rule(ctx)


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(count)]
