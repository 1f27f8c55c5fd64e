"""The intake's HTTP routes: ``POST /v1/events`` and the candidate's audit trail."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from outreach_contract.v1 import EventBatch
from outreach_intake.application import ConflictError, ContendedError
from outreach_intake.deps import IntakeDep
from outreach_intake.history import DEFAULT_PAGE, MAX_PAGE, audit_trail, paged
from outreach_intake.metrics import record_batch, record_rejection
from outreach_intake.schemas import AuditTrail, IngestResult
from outreach_platform.http import cursors
from outreach_platform.http.auth import require
from outreach_platform.http.errors import field_problems, problem
from outreach_platform.http.openapi import (
    CANDIDATE_READ_RESPONSES,
    WRITE_RESPONSES,
    CandidateId,
    problem_responses,
)
from outreach_platform.http.routes import PartnerRoute
from outreach_platform.keys import Principal, Scope
from outreach_platform.personal.vault import ErasedCandidatesError

router = APIRouter(prefix="/v1", tags=["intake"], route_class=PartnerRoute)


@router.post(
    "/events",
    operation_id="post_events",
    status_code=202,
    response_model=IngestResult,
    responses={
        **WRITE_RESPONSES,
        **problem_responses(
            409,
            410,
            503,
            why={
                409: "an event_id was already used for other content",
                503: "other writers kept the candidates busy; nothing was stored",
            },
        ),
    },
)
def post_events(
    batch: EventBatch,
    principal: Annotated[Principal, Depends(require(Scope.EVENTS_WRITE))],
    deps: IntakeDep,
) -> Any:
    """Record 1 to 1,000 events, all or nothing. Repeating an event is harmless, within a
    batch too: it is accepted once and reported in ``duplicate_indexes``."""
    try:
        outcome = deps.intake.record(
            principal.partner, principal.key_id, batch.events, datetime.now(UTC)
        )
    except ErasedCandidatesError as error:
        record_rejection(principal.partner, "erased")
        erased = set(error.candidate_ids)
        return field_problems(
            410,
            [
                {
                    "index": index,
                    "field": f"events[{index}].candidate_id",
                    "problem": f"candidate {item.candidate_id!r} was erased; its id takes "
                    "no more events",
                }
                for index, item in enumerate(batch.events)
                if item.candidate_id in erased
            ],
        )
    except ContendedError:
        record_rejection(principal.partner, "contended")
        detail = "other requests kept these candidates busy; nothing was stored, post it again"
        return problem(503, detail, headers={"Retry-After": "1"})
    except ConflictError as error:
        record_rejection(principal.partner, "conflict")
        return field_problems(
            409,
            [
                {"index": c.index, "field": f"events[{c.index}].event_id", "problem": c.problem()}
                for c in error.conflicts
            ],
        )
    record_batch(principal.partner, batch.events, set(outcome.duplicate_indexes))
    return IngestResult(
        accepted=outcome.accepted,
        duplicates=outcome.duplicates,
        duplicate_indexes=outcome.duplicate_indexes,
    )


@router.get(
    "/candidates/{candidate_id}/events",
    operation_id="get_candidate_events",
    response_model=AuditTrail,
    responses=CANDIDATE_READ_RESPONSES,
)
def candidate_events(
    candidate_id: CandidateId,
    principal: Annotated[Principal, Depends(require(Scope.AUDIT_READ))],
    deps: IntakeDep,
    limit: Annotated[
        int | None,
        Query(ge=1, le=MAX_PAGE, description="events per page (default: all; 50 with cursor)"),
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=1000, description="next_cursor of the previous page")
    ] = None,
) -> AuditTrail:
    """The candidate's history in order: each event with when and by which key it arrived
    (how many times, with the first and the last receipt), its position in the event
    store and, once the relay published it, its Kafka topic, partition and offset. With
    ``limit`` (or ``cursor``), one page of it and the cursor of the next."""
    trail = audit_trail(deps.intake, deps.placements, principal.partner, candidate_id)
    if not trail.entries:
        # Another partner's candidate looks exactly like one that does not exist.
        raise HTTPException(404, detail=f"candidate {candidate_id!r} not found")
    if limit is None and cursor is None:
        return AuditTrail.of(trail)  # the whole trail, as before paging existed
    route = f"events/{candidate_id}"  # a cursor of another candidate's trail is refused
    after = cursors.decode(cursor, route, principal.partner) if cursor else 0
    page = paged(trail.entries, int(after), limit or DEFAULT_PAGE)
    following = cursors.encode(route, principal.partner, page[-1].version) if page else None
    more = bool(page) and page[-1].version < trail.entries[-1].version
    return AuditTrail.of(trail, page, following if more else None)
