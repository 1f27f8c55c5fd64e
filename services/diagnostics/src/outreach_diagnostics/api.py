"""The diagnostics' HTTP routes: a candidate's projected state and its diagnosis."""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from outreach_contract.v1 import Diagnosis
from outreach_contract.v1.fields import Identifier
from outreach_diagnostics.deps import DiagnosticsDep
from outreach_diagnostics.schemas import CandidateStateView
from outreach_diagnostics.service import DiagnosticsService
from outreach_domain import CandidateState
from outreach_domain.summary import summarize
from outreach_platform.http.auth import require
from outreach_platform.keys import Principal, Scope

router = APIRouter(prefix="/v1", tags=["diagnostics"])

Reader = Annotated[Principal, Depends(require(Scope.DIAGNOSES_READ))]


@router.get(
    "/candidates/{candidate_id}/state",
    response_model=CandidateStateView,
    response_model_exclude_none=True,
)
def candidate_state(
    candidate_id: Identifier,
    principal: Reader,
    deps: DiagnosticsDep,
    include_facts: Annotated[bool, Query(description="also list every recorded fact")] = False,
) -> CandidateStateView:
    """The projected state: the weekly funnel and totals, and optionally every fact."""
    state = _owned_state(deps.service, principal, candidate_id)
    return CandidateStateView(
        candidate_id=candidate_id,
        events=len(state.facts),
        profile=state.profile,
        summary=summarize(state),
        facts=list(state.facts) if include_facts else None,
    )


@router.get("/candidates/{candidate_id}/diagnosis", response_model=Diagnosis)
def candidate_diagnosis(
    candidate_id: Identifier,
    principal: Reader,
    deps: DiagnosticsDep,
    as_of: Annotated[
        date | None, Query(description="count events that occurred on or before this day")
    ] = None,
    known_at: Annotated[
        datetime | None,
        Query(description="audit: count only events received by this moment (needs audit:read)"),
    ] = None,
) -> Diagnosis:
    """The seven reasons, in order, as of a day (default: today where the candidate lives)."""
    if known_at is not None and Scope.AUDIT_READ not in principal.scopes:
        raise HTTPException(403, detail="known_at needs an API key with the scope 'audit:read'")
    if known_at is not None and known_at.tzinfo is None:
        raise HTTPException(422, detail="known_at: must be RFC 3339 with an offset")
    state = _owned_state(deps.service, principal, candidate_id)
    return deps.service.diagnose(state, as_of, known_at)


def _owned_state(
    service: DiagnosticsService, principal: Principal, candidate_id: str
) -> CandidateState:
    state = service.state(principal.partner, candidate_id)
    if state is None:
        # Another partner's candidate looks exactly like one that does not exist.
        raise HTTPException(404, detail=f"candidate {candidate_id!r} not found")
    return state
