"""The intake's HTTP routes: ``POST /v1/events`` and the candidate's audit trail."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from outreach_contract.v1 import EventBatch
from outreach_contract.v1.fields import Identifier
from outreach_intake.application import ConflictError, Intake
from outreach_intake.history import audit_trail
from outreach_intake.metrics import record_batch, record_rejection
from outreach_intake.relay_store import RelayStore
from outreach_intake.schemas import AuditTrail, IngestResult
from outreach_platform.http.auth import require
from outreach_platform.keys import Principal, Scope

router = APIRouter(prefix="/v1", tags=["intake"])


def _intake(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


def _relay_store(request: Request) -> RelayStore:
    store: RelayStore = request.app.state.relay_store
    return store


@router.post(
    "/events",
    status_code=202,
    response_model=IngestResult,
    responses={409: {"description": "an event_id was already used for other content"}},
)
def post_events(
    batch: EventBatch,
    principal: Annotated[Principal, Depends(require(Scope.EVENTS_WRITE))],
    intake: Annotated[Intake, Depends(_intake)],
) -> Any:
    """Record 1 to 1,000 events, all or nothing. Repeating an event is harmless."""
    _refuse_repeated_ids(batch)
    try:
        outcome = intake.record(
            principal.partner, principal.key_id, batch.events, datetime.now(UTC)
        )
    except ConflictError as error:
        record_rejection(principal.partner, "conflict")
        return _conflict(error)
    record_batch(principal.partner, batch.events, set(outcome.duplicate_indexes))
    return IngestResult(
        accepted=outcome.accepted,
        duplicates=outcome.duplicates,
        duplicate_indexes=outcome.duplicate_indexes,
    )


@router.get("/candidates/{candidate_id}/events", response_model=AuditTrail)
def candidate_events(
    candidate_id: Identifier,
    principal: Annotated[Principal, Depends(require(Scope.AUDIT_READ))],
    intake: Annotated[Intake, Depends(_intake)],
    relay_store: Annotated[RelayStore, Depends(_relay_store)],
) -> AuditTrail:
    """The candidate's history in order: each event with when and by which key it arrived
    (every receipt, duplicates included), its position in the event store and, once the
    relay published it, its Kafka topic, partition and offset."""
    trail = audit_trail(intake, relay_store, principal.partner, candidate_id)
    if not trail.events:
        # Another partner's candidate looks exactly like one that does not exist.
        raise HTTPException(404, detail=f"candidate {candidate_id!r} not found")
    return trail


def _refuse_repeated_ids(batch: EventBatch) -> None:
    first_index: dict[str, int] = {}
    errors = []
    for index, item in enumerate(batch.events):
        key = str(item.event_id)
        if key in first_index:
            errors.append(
                {
                    "loc": ("body", "events", index, "event_id"),
                    "msg": f"repeats the event_id of event {first_index[key]} in this batch",
                    "type": "value_error",
                }
            )
        first_index.setdefault(key, index)
    if errors:
        raise RequestValidationError(errors)


def _conflict(error: ConflictError) -> JSONResponse:
    problems = [
        {
            "index": c.index,
            "field": f"events[{c.index}].event_id",
            "problem": f"event_id {c.event_id} was already recorded with different content",
        }
        for c in error.conflicts
    ]
    first = problems[0]
    return JSONResponse(
        status_code=409,
        content={"detail": f"event {first['index']}: {first['problem']}", "errors": problems},
    )
