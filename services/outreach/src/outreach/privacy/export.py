"""One candidate's export: the audit trail opened, the state with its facts, the diagnosis."""

from datetime import UTC, datetime

from outreach.privacy.deps import PrivacyDeps
from outreach.privacy.schemas import CandidateExport
from outreach_diagnostics.schemas import CandidateStateView
from outreach_domain.summary import summarize
from outreach_intake.history import audit_trail
from outreach_intake.schemas import AuditTrail


def export(deps: PrivacyDeps, partner: str, candidate_id: str) -> CandidateExport | None:
    """None when the partner has no such candidate (or erased it)."""
    trail = audit_trail(deps.intake, deps.placements, partner, candidate_id)
    if not trail.entries:
        return None
    service = deps.diagnostics()
    state = service.state(partner, candidate_id)
    view = (
        CandidateStateView(
            candidate_id=candidate_id,
            events=len(state.facts),
            profile=state.profile,
            summary=summarize(state),
            facts=list(state.facts),
        )
        if state
        else None
    )
    return CandidateExport(
        partner=partner,
        candidate_id=candidate_id,
        exported_at=datetime.now(UTC),
        events=AuditTrail.of(trail).events,
        state=view,
        diagnosis=service.diagnose(state, None) if state else None,
    )
