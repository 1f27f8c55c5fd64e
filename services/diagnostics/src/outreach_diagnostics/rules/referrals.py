"""How each referral ended: the seed's "passed on your resume to HR, and then do nothing".

Shared by reasons 2, 4 and 5, so that they agree on what stalled.

* A referral.made is *converted* when an interview at the same company is scheduled on
  or after the day it was made and within ``referral_stall_days`` (21) days; *stalled*
  when those days have passed by ``as_of`` without one (a later interview does not rescue
  it: the referral itself led nowhere in time); otherwise *pending*.
* A referral.requested is the contact saying yes. It is *answered* by a referral.made
  from the same contact for the same company, or by an interview at that company, within
  the same window; a referral.made answers one request, the oldest open one. A request
  answered by a referral is that referral (listed once, as the referral); a request that
  nothing answered is a referral that was never made: stalled once the window has passed
  ("do nothing" is the commonest way a referral stalls), pending before. Decision: a
  referral made after the window still stalls the request; the referral itself is judged
  on its own.
"""

from bisect import bisect_left
from collections.abc import Container, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any, Literal

from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import ReferredTo
from outreach_diagnostics.dates import business_day
from outreach_diagnostics.rules.context import RuleContext, company_key

Outcome = Literal["converted", "stalled", "pending"]
GATEKEEPERS = frozenset({ReferredTo.HR, ReferredTo.RECRUITER})


@dataclass(frozen=True)
class Referral:
    event_id: str
    contact_id: str
    company: str
    referred_to: ReferredTo | None  # None: asked for and never made
    made_on: date  # the day it was made (asked for, if never made)
    due_on: date
    outcome: Outcome
    interview_event_id: str | None
    follow_up_on: date  # the business day to chase it if nothing has happened

    @property
    def never_made(self) -> bool:
        return self.referred_to is None

    @property
    def to_gatekeeper(self) -> bool:
        """Passed to HR or a recruiter rather than to someone on the team."""
        return self.referred_to in GATEKEEPERS

    @property
    def dead_end(self) -> bool:
        """Stalled without reaching the team: passed to HR or a recruiter, or never made."""
        return self.outcome == "stalled" and (self.to_gatekeeper or self.never_made)

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "kind": "requested" if self.never_made else "made",
            "contact_id": self.contact_id,
            "company": self.company,
            "referred_to": self.referred_to.value if self.referred_to else None,
            "made_on": self.made_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "outcome": self.outcome,
            "interview_event_id": self.interview_event_id,
        }


def referrals(ctx: RuleContext) -> list[Referral]:
    """Every referral made or asked for and never made, oldest first, as of ``ctx.as_of``.

    Reasons 2, 4 and 5 each ask: computed once per context."""
    return ctx.memo("referrals", lambda: _referrals(ctx))


def _referrals(ctx: RuleContext) -> list[Referral]:
    interviews = _DayIndex(
        (company_key(i.data.company), ctx.day(i), str(i.event_id))
        for i in ctx.state.of_type(ev.InterviewScheduled)
    )
    made = ctx.state.of_type(ev.ReferralMade)
    found = [_made(ctx, m, interviews) for m in made]
    found += _unanswered(ctx, made, interviews)
    return sorted(found, key=lambda r: (r.made_on, r.event_id))


class _DayIndex:
    """Events by a key, each key's oldest first: the first one on a day in a window, by
    binary search. Scanning every interview for every referral made a diagnosis of
    10,000 events quadratic (issue 11: two thirds of its time)."""

    def __init__(self, entries: Iterable[tuple[Hashable, date, str]]) -> None:
        self._days: dict[Hashable, list[date]] = {}
        self._ids: dict[Hashable, list[str]] = {}
        for key, day, event_id in entries:
            self._days.setdefault(key, []).append(day)
            self._ids.setdefault(key, []).append(event_id)
        # Local days follow the state's UTC order unless the candidate moved west: then
        # "the first in order" is not the first by day, and the key is scanned.
        self._sorted = {k: all(a <= b for a, b in pairwise(d)) for k, d in self._days.items()}

    def first(self, key: Hashable, start: date, due: date, skip: Container[str] = ()) -> str | None:
        """The first event of ``key``, in order, on a day from ``start`` to ``due``."""
        days, ids = self._days.get(key, []), self._ids.get(key, [])
        begin = bisect_left(days, start) if self._sorted.get(key) else 0
        for day, event_id in zip(days[begin:], ids[begin:], strict=True):
            if self._sorted[key] and day > due:
                return None
            if start <= day <= due and event_id not in skip:
                return event_id
        return None


def _window(ctx: RuleContext, start: date) -> date:
    return start + timedelta(days=ctx.thresholds.referral_stall_days)


def _made(ctx: RuleContext, made: ev.ReferralMade, interviews: _DayIndex) -> Referral:
    made_on = ctx.day(made)
    due_on = _window(ctx, made_on)
    interview = interviews.first(company_key(made.data.company), made_on, due_on)
    return _referral(ctx, made, made.data.referred_to, made_on, interview)


def _unanswered(
    ctx: RuleContext, made: list[ev.ReferralMade], interviews: _DayIndex
) -> list[Referral]:
    # A request is answered by the oldest unused referral of the same contact for the
    # same company in its window: (day, event id) order, as the answers were sorted.
    answers = _DayIndex(
        ((m.data.contact_id, company_key(m.data.company)), day, event_id)
        for day, event_id, m in sorted((ctx.day(m), str(m.event_id), m) for m in made)
    )
    used: set[str] = set()
    found = []
    for request in ctx.state.of_type(ev.ReferralRequested):  # oldest first
        asked_on = ctx.day(request)
        due_on = _window(ctx, asked_on)
        who, company = request.data.contact_id, company_key(request.data.company)
        answer = answers.first((who, company), asked_on, due_on, skip=used)
        if answer is not None:
            used.add(answer)
            continue
        interview = interviews.first(company, asked_on, due_on)
        found.append(_referral(ctx, request, None, asked_on, interview))
    return found


def _referral(
    ctx: RuleContext,
    event: ev.ReferralMade | ev.ReferralRequested,
    referred_to: ReferredTo | None,
    on: date,
    interview: str | None,
) -> Referral:
    due_on = _window(ctx, on)
    outcome: Outcome = "converted" if interview else "stalled" if ctx.as_of > due_on else "pending"
    return Referral(
        str(event.event_id),
        event.data.contact_id,
        event.data.company,
        referred_to,
        on,
        due_on,
        outcome,
        interview,
        business_day(due_on, ctx.country),
    )
