"""``GET /v1/candidates``: the partner's candidates and their stored statuses, filtered
and paged with an opaque cursor (DESIGN 3.1, ADR 0013)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import AfterValidator

from outreach_contract.v1 import ReasonSlug, Status
from outreach_diagnostics.api import moment_in_range
from outreach_diagnostics.candidate_list import Filters, Listed
from outreach_diagnostics.deps import DiagnosticsDep
from outreach_diagnostics.schemas import CandidateList, CandidateListItem
from outreach_platform.http import cursors
from outreach_platform.http.auth import require
from outreach_platform.http.openapi import READ_RESPONSES
from outreach_platform.http.routes import PartnerRoute
from outreach_platform.keys import Principal, Scope

router = APIRouter(prefix="/v1", tags=["diagnostics"], route_class=PartnerRoute)

Reader = Annotated[Principal, Depends(require(Scope.DIAGNOSES_READ))]
ROUTE = "candidates"
MAX_LIMIT = 200
_ORDER = {slug.value: n for n, slug in enumerate(ReasonSlug)}


@router.get("/candidates", response_model=CandidateList, responses=READ_RESPONSES)
def list_candidates(
    principal: Reader,
    deps: DiagnosticsDep,
    reason: Annotated[
        ReasonSlug | None,
        Query(description="with status: candidates whose this reason has that status"),
    ] = None,
    status: Annotated[
        Status | None,
        Query(description="candidates with this status (for reason, if given; else any)"),
    ] = None,
    changed_since: Annotated[
        datetime | None,
        Query(description="candidates a status of which changed at or after this moment"),
        AfterValidator(moment_in_range),
    ] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Z]{2}$", description="candidates registered in this country"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="candidates per page")] = 50,
    cursor: Annotated[
        str | None,
        Query(max_length=1000, description="next_cursor of the previous page"),
    ] = None,
) -> CandidateList:
    """The partner's candidates with each reason's current status, in candidate id order.
    The statuses are the stored verdicts, kept current as events arrive and as each
    candidate's local day rolls over."""
    after: str | None = cursors.decode(cursor, ROUTE, principal.partner) if cursor else None
    filters = Filters(
        reason.value if reason else None, status.value if status else None, changed_since, country
    )
    page = deps.service.candidates(principal.partner, filters, after, limit)
    following = cursors.encode(ROUTE, principal.partner, page.last) if page.last else None
    return CandidateList(data=[_item(item) for item in page.items], next_cursor=following)


def _item(item: Listed) -> CandidateListItem:
    ordered = sorted(item.reasons.items(), key=lambda pair: _ORDER.get(pair[0], len(_ORDER)))
    return CandidateListItem(
        candidate_id=item.candidate_id,
        reasons={ReasonSlug(r): Status(s) for r, s in ordered},
        updated_at=item.updated_at,
    )
