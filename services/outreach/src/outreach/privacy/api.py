"""``GET /v1/candidates/{id}/export`` and ``DELETE /v1/candidates/{id}``."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from outreach.privacy.deps import PrivacyDep, PrivacyDeps
from outreach.privacy.export import export
from outreach.privacy.schemas import CandidateExport, ErasureReceipt
from outreach_platform.http.auth import require
from outreach_platform.http.openapi import (
    AUTHENTICATED,
    CandidateId,
    ErasableId,
    problem_responses,
)
from outreach_platform.http.routes import PartnerRoute
from outreach_platform.keys import Principal, Scope
from outreach_platform.personal import erasure

router = APIRouter(prefix="/v1", tags=["privacy"], route_class=PartnerRoute)
_RESPONSES = problem_responses(
    *AUTHENTICATED,
    404,
    422,
    why={404: "no such candidate for this partner: another partner's, or one erased already"},
)


@router.get(
    "/candidates/{candidate_id}/export",
    operation_id="get_candidate_export",
    response_model=CandidateExport,
    responses=_RESPONSES,
)
def candidate_export(
    candidate_id: CandidateId,
    principal: Annotated[Principal, Depends(require(Scope.CANDIDATES_EXPORT))],
    deps: PrivacyDep,
) -> CandidateExport:
    """Everything held about the candidate, as one JSON document: every event as received
    (its personal fields opened), every receipt, the projected state and the diagnosis."""
    found = export(deps, principal.partner, candidate_id)
    if found is None:
        raise HTTPException(404, detail=f"candidate {candidate_id!r} not found")
    return found


@router.delete(
    "/candidates/{candidate_id}",
    operation_id="erase_candidate",
    response_model=ErasureReceipt,
    responses=_RESPONSES,
)
def candidate_erase(
    candidate_id: ErasableId,
    principal: Annotated[Principal, Depends(require(Scope.CANDIDATES_ERASE))],
    deps: PrivacyDep,
) -> ErasureReceipt:
    """Erase the candidate: its data key is destroyed, so its personal fields are unreadable
    in the event store, the topic and every backup; its read-model rows are deleted.
    Afterwards every read of it is a 404 and an event for its id a 410."""
    intake, partner = deps.intake, principal.partner
    if intake.vault is None or not _known(deps, partner, candidate_id):
        raise HTTPException(404, detail=f"candidate {candidate_id!r} not found")
    by = f"api key {principal.key_id}"
    done = erasure.erase(intake.vault.ring, partner, candidate_id, by)
    return ErasureReceipt(
        partner=done.partner,
        candidate_id=done.candidate_id,
        key_id=done.key_id,
        erased_at=done.erased_at,
        rows_deleted=done.rows_deleted,
    )


def _known(deps: PrivacyDeps, partner: str, candidate_id: str) -> bool:
    """A candidate not erased, with a data key, or with events recorded before keys existed."""
    assert deps.intake.vault is not None
    ring = deps.intake.vault.ring
    if erasure.is_erased(ring, partner, candidate_id):
        return False
    return erasure.has_key(ring, partner, candidate_id) or bool(
        deps.intake.stream(partner, candidate_id)
    )
