"""The state an audit trail folds to, with the one fold: what ``outreach diagnose`` judges
(from the event store, the source of truth, not the read model)."""

from outreach_domain import CandidateState, apply_all, empty_state
from outreach_intake.schemas import AuditTrail


def trail_state(trail: AuditTrail) -> CandidateState:
    initial = empty_state(trail.partner, trail.candidate_id)
    return apply_all(initial, (entry.recorded() for entry in trail.events))
