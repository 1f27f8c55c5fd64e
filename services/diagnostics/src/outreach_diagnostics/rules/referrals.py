"""How each referral ended: the seed's "passed on your resume to HR, and then do nothing".

A referral is *converted* when an interview at the same company is scheduled on or
after the day it was made and within ``referral_stall_days`` (21) days; *stalled* when
those days have passed by ``as_of`` without one (a later interview does not rescue it:
the referral itself led nowhere in time); otherwise *pending*.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import ReferredTo
from outreach_diagnostics.rules.context import RuleContext, company_key

Outcome = Literal["converted", "stalled", "pending"]
GATEKEEPERS = frozenset({ReferredTo.HR, ReferredTo.RECRUITER})


@dataclass(frozen=True)
class Referral:
    event_id: str
    contact_id: str
    company: str
    referred_to: ReferredTo
    made_on: date
    due_on: date
    outcome: Outcome
    interview_event_id: str | None

    @property
    def to_gatekeeper(self) -> bool:
        """Passed to HR or a recruiter rather than to someone on the team."""
        return self.referred_to in GATEKEEPERS

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "contact_id": self.contact_id,
            "company": self.company,
            "referred_to": self.referred_to.value,
            "made_on": self.made_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "outcome": self.outcome,
            "interview_event_id": self.interview_event_id,
        }


def referrals(ctx: RuleContext) -> list[Referral]:
    """Every referral.made, oldest first, with how it ended as of ``ctx.as_of``."""
    interviews = [
        (ctx.day(i), company_key(i.data.company), str(i.event_id))
        for i in ctx.state.of_type(ev.InterviewScheduled)
    ]
    window = timedelta(days=ctx.thresholds.referral_stall_days)
    found = []
    for made in ctx.state.of_type(ev.ReferralMade):
        made_on = ctx.day(made)
        due_on = made_on + window
        company = company_key(made.data.company)
        interview = next(
            (
                event_id
                for day, where, event_id in interviews
                if where == company and made_on <= day <= due_on
            ),
            None,
        )
        outcome: Outcome = (
            "converted" if interview else "stalled" if ctx.as_of > due_on else "pending"
        )
        found.append(
            Referral(
                str(made.event_id),
                made.data.contact_id,
                made.data.company,
                made.data.referred_to,
                made_on,
                due_on,
                outcome,
                interview,
            )
        )
    return found
