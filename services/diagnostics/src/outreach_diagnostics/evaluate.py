"""``diagnose(state, as_of) -> Diagnosis``: the seven rules over the state as it stood."""

from datetime import date, datetime

from outreach_contract.v1 import Diagnosis
from outreach_diagnostics.rules import RULES, RuleContext
from outreach_diagnostics.spelling import SpellCheck, default_checker
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import CandidateState, restrict


def diagnose(
    state: CandidateState,
    as_of: date,
    thresholds: Thresholds | None = None,
    spelling: SpellCheck | None = None,
    known_at: datetime | None = None,
) -> Diagnosis:
    """Every reason, in order, from the facts that occurred by ``as_of`` (the candidate's
    local day) and, for an audit, that the system had received by ``known_at``."""
    seen = restrict(state, as_of, known_at)
    ctx = RuleContext(seen, as_of, thresholds or Thresholds(), spelling or default_checker())
    return Diagnosis(
        candidate_id=state.candidate_id,
        as_of=as_of,
        known_at=known_at,
        events_considered=len(seen.facts),
        reasons=[rule(ctx) for rule in RULES],
    )
