"""``diagnose(state, as_of) -> Diagnosis``: the seven rules over the state as it stood."""

from dataclasses import asdict
from datetime import date, datetime

from outreach_contract.v1 import Diagnosis
from outreach_diagnostics.rules import RULES, RuleContext
from outreach_diagnostics.spelling import SpellCheck, default_checker
from outreach_diagnostics.thresholds import Thresholds
from outreach_diagnostics.version import RULES_VERSION
from outreach_domain import CandidateState, restrict


def diagnose(
    state: CandidateState,
    as_of: date,
    thresholds: Thresholds | None = None,
    spelling: SpellCheck | None = None,
    known_at: datetime | None = None,
) -> Diagnosis:
    """Every reason, in order, from the facts that occurred by ``as_of`` (the candidate's
    local day, in the time zone they had then) and, for an audit, that the system had
    received by ``known_at``. The diagnosis names the rules' version and the thresholds
    it used, so that it can be reproduced."""
    settings = thresholds or Thresholds()
    seen = restrict(state, as_of, known_at)
    ctx = RuleContext(seen, as_of, settings, spelling or default_checker())
    return Diagnosis(
        candidate_id=state.candidate_id,
        as_of=as_of,
        known_at=known_at,
        events_considered=len(seen.facts),
        reasons=[rule(ctx) for rule in RULES],
        rules_version=RULES_VERSION,
        thresholds=asdict(settings),
    )
