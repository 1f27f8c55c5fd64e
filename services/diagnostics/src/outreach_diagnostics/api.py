"""The diagnostics' HTTP routes: a candidate's projected state and its diagnosis."""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from pydantic import AfterValidator

from outreach_contract.v1 import Diagnosis, bounds
from outreach_diagnostics.deps import DiagnosticsDep
from outreach_diagnostics.schemas import CandidateStateView
from outreach_diagnostics.service import DiagnosticsService
from outreach_domain import CandidateState
from outreach_platform.http.auth import require
from outreach_platform.http.openapi import CANDIDATE_READ_RESPONSES, CandidateId
from outreach_platform.http.responses import model_json
from outreach_platform.http.routes import PartnerRoute
from outreach_platform.keys import Principal, Scope

router = APIRouter(prefix="/v1", tags=["diagnostics"], route_class=PartnerRoute)

Reader = Annotated[Principal, Depends(require(Scope.DIAGNOSES_READ))]


def day_in_range(value: date | None) -> date | None:
    # Out-of-range days are a 422 naming the parameter, never an overflow in the rules.
    if value is not None and (problem := bounds.current().day_problem(value)):
        raise ValueError(problem)
    return value


def moment_in_range(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("must be RFC 3339 with an offset")
    if problem := bounds.current().moment_problem(value):
        raise ValueError(problem)
    return value


@router.get(
    "/candidates/{candidate_id}/state",
    operation_id="get_candidate_state",
    response_model=CandidateStateView,
    response_model_exclude_none=True,
    responses=CANDIDATE_READ_RESPONSES,
)
def candidate_state(
    candidate_id: CandidateId,
    principal: Reader,
    deps: DiagnosticsDep,
    include_facts: Annotated[bool, Query(description="also list every recorded fact")] = False,
) -> Response:
    """The projected state: the weekly funnel and totals, and optionally every fact."""
    found = deps.service.summarized(principal.partner, candidate_id)
    if found is None:
        raise not_found(candidate_id)
    state, summary = found
    view = CandidateStateView(
        candidate_id=candidate_id,
        events=len(state.facts),
        profile=state.profile,
        summary=summary,
        facts=list(state.facts) if include_facts else None,
    )
    return model_json(view, exclude_none=True)


@router.get(
    "/candidates/{candidate_id}/diagnosis",
    operation_id="get_diagnosis",
    response_model=Diagnosis,
    responses=CANDIDATE_READ_RESPONSES,
)
def candidate_diagnosis(
    candidate_id: CandidateId,
    principal: Reader,
    deps: DiagnosticsDep,
    as_of: Annotated[
        date | None,
        Query(
            description="count events that occurred on or before this day (from the "
            "earliest date accepted, 1990-01-01 by default, to a year ahead)"
        ),
        AfterValidator(day_in_range),
    ] = None,
    known_at: Annotated[
        datetime | None,
        Query(
            description="audit: count only events received by this moment, RFC 3339 with "
            "an offset (needs audit:read)"
        ),
        AfterValidator(moment_in_range),
    ] = None,
) -> Response:
    """The seven reasons, in order, as of a day (default: today where the candidate lives)."""
    if known_at is not None and Scope.AUDIT_READ not in principal.scopes:
        raise HTTPException(403, detail="known_at needs an API key with the scope 'audit:read'")
    found = deps.service.diagnosis(principal.partner, candidate_id, as_of, known_at)
    if found is None:
        raise not_found(candidate_id)
    return model_json(found)


def owned_state(
    service: DiagnosticsService, principal: Principal, candidate_id: str
) -> CandidateState:
    state = service.state(principal.partner, candidate_id)
    if state is None:
        raise not_found(candidate_id)
    return state


def not_found(candidate_id: str) -> HTTPException:
    # Another partner's candidate looks exactly like one that does not exist.
    return HTTPException(404, detail=f"candidate {candidate_id!r} not found")
