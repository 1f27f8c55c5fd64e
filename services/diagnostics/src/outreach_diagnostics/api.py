"""The diagnostics' HTTP routes: a candidate's projected state and its diagnosis."""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from outreach_contract.v1 import Diagnosis
from outreach_contract.v1.fields import Identifier
from outreach_diagnostics.service import DiagnosticsService
from outreach_domain import CandidateState
from outreach_domain.summary import summarize
from outreach_platform.http.auth import require
from outreach_platform.keys import Principal, Scope

router = APIRouter(prefix="/v1", tags=["diagnostics"])

Reader = Annotated[Principal, Depends(require(Scope.DIAGNOSES_READ))]


def _service(request: Request) -> DiagnosticsService:
    service: DiagnosticsService = request.app.state.diagnostics
    return service


Service = Annotated[DiagnosticsService, Depends(_service)]


@router.get("/candidates/{candidate_id}/state")
def candidate_state(
    candidate_id: Identifier,
    principal: Reader,
    service: Service,
    include_facts: Annotated[bool, Query(description="also list every recorded fact")] = False,
) -> dict[str, Any]:
    """The projected state: the weekly funnel and totals, and optionally every fact."""
    state = _owned_state(service, principal, candidate_id)
    body: dict[str, Any] = {
        "candidate_id": candidate_id,
        "events": len(state.facts),
        "profile": state.profile.model_dump(mode="json") if state.profile else None,
        "summary": summarize(state),
    }
    if include_facts:
        body["facts"] = [fact.model_dump(mode="json") for fact in state.facts]
    return body


@router.get("/candidates/{candidate_id}/diagnosis", response_model=Diagnosis)
def candidate_diagnosis(
    candidate_id: Identifier,
    principal: Reader,
    service: Service,
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
    state = _owned_state(service, principal, candidate_id)
    return service.diagnose(state, as_of, known_at)


def _owned_state(
    service: DiagnosticsService, principal: Principal, candidate_id: str
) -> CandidateState:
    state = service.state(principal.partner, candidate_id)
    if state is None:
        # Another partner's candidate looks exactly like one that does not exist.
        raise HTTPException(404, detail=f"candidate {candidate_id!r} not found")
    return state
