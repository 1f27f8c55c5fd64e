"""``/v1/webhooks``: a partner's endpoints and their deliveries (scope webhooks:manage).

Every route is within the caller's partner: another partner's endpoint or delivery is a
404, exactly like one that does not exist."""

import base64
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response

from outreach_platform.http.auth import require
from outreach_platform.http.errors import ProblemError
from outreach_platform.http.openapi import AUTHENTICATED, problem_responses
from outreach_platform.http.routes import PartnerRoute
from outreach_platform.keys import Principal, Scope
from outreach_webhooks.addresses import UrlRefusedError, check_url
from outreach_webhooks.deliveries import Delivery
from outreach_webhooks.deps import WebhookDep
from outreach_webhooks.endpoints import Endpoint
from outreach_webhooks.outcomes import DeliveryStatus
from outreach_webhooks.schemas import (
    AttemptView,
    Deliveries,
    DeliveryView,
    RetryAccepted,
    Webhook,
    WebhookCreate,
    WebhookCreated,
    Webhooks,
)

router = APIRouter(prefix="/v1", tags=["webhooks"], route_class=PartnerRoute)
Manager = Annotated[Principal, Depends(require(Scope.WEBHOOKS_MANAGE))]
WebhookId = Annotated[
    str, Path(max_length=64, description="the endpoint's id", examples=["ep_5f0c2a9d81b34e6f"])
]
DeliveryId = Annotated[
    str, Path(max_length=64, description="the delivery's id (its webhook-id header)")
]
_NOT_FOUND = {404: "no such endpoint for this partner (another partner's included)"}
_DELIVERY_NOT_FOUND = {404: "no such endpoint or delivery for this partner"}


@router.post(
    "/webhooks",
    status_code=201,
    response_model=WebhookCreated,
    operation_id="create_webhook",
    responses=problem_responses(*AUTHENTICATED, 400, 413, 415, 422),
)
def create_webhook(body: WebhookCreate, principal: Manager, deps: WebhookDep) -> WebhookCreated:
    """Register an endpoint; its deliveries are signed with the secret in the answer."""
    try:
        check_url(body.url, deps.allow_private, deps.resolve)
    except UrlRefusedError as refused:
        problem = str(refused)
        raise ProblemError(
            422, f"url: {problem}", [{"index": None, "field": "url", "problem": problem}]
        ) from None
    events = tuple(dict.fromkeys(e.value for e in body.events))
    endpoint = deps.endpoints.create(principal.partner, body.url, events)
    return WebhookCreated(
        id=endpoint.id, url=endpoint.url, events=list(body.events), secret=endpoint.secret
    )


@router.get(
    "/webhooks",
    response_model=Webhooks,
    operation_id="list_webhooks",
    responses=problem_responses(*AUTHENTICATED),
)
def list_webhooks(principal: Manager, deps: WebhookDep) -> Webhooks:
    """The partner's endpoints (without their secrets)."""
    return Webhooks(data=[_webhook(e) for e in deps.endpoints.list(principal.partner)])


@router.delete(
    "/webhooks/{webhook_id}",
    status_code=204,
    response_class=Response,
    operation_id="delete_webhook",
    responses=problem_responses(*AUTHENTICATED, 404, 422, why=_NOT_FOUND),
)
def delete_webhook(webhook_id: WebhookId, principal: Manager, deps: WebhookDep) -> Response:
    """Remove an endpoint with its deliveries: nothing more is sent to it."""
    if not deps.endpoints.delete(principal.partner, webhook_id):
        raise HTTPException(404, detail=f"webhook {webhook_id!r} not found")
    return Response(status_code=204)


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response_model=Deliveries,
    operation_id="list_webhook_deliveries",
    responses=problem_responses(*AUTHENTICATED, 404, 422, why=_NOT_FOUND),
)
def list_deliveries(
    webhook_id: WebhookId,
    principal: Manager,
    deps: WebhookDep,
    limit: Annotated[int, Query(ge=1, le=200, description="deliveries per page")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=40, description="next_cursor of the previous page")
    ] = None,
) -> Deliveries:
    """The endpoint's deliveries, newest first, each with its attempts and status codes."""
    before = _decode_cursor(cursor)
    listed = deps.deliveries.list(principal.partner, webhook_id, limit + 1, before)
    if listed is None:
        raise HTTPException(404, detail=f"webhook {webhook_id!r} not found")
    page = listed[:limit]
    more = len(listed) > limit
    return Deliveries(
        data=[_delivery(d) for d in page],
        next_cursor=_encode_cursor(page[-1].change_seq) if more else None,
    )


@router.post(
    "/webhooks/{webhook_id}/deliveries/{delivery_id}/retry",
    status_code=202,
    response_model=RetryAccepted,
    operation_id="retry_webhook_delivery",
    responses=problem_responses(
        *AUTHENTICATED,
        404,
        409,
        422,
        why={**_DELIVERY_NOT_FOUND, 409: "the delivery is not failed (pending or delivered)"},
    ),
)
def retry_delivery(
    webhook_id: WebhookId, delivery_id: DeliveryId, principal: Manager, deps: WebhookDep
) -> RetryAccepted:
    """Send a failed delivery again, now (and enable its endpoint if it was disabled)."""
    had = deps.deliveries.retry(principal.partner, webhook_id, delivery_id)
    if had is None:
        raise HTTPException(404, detail=f"delivery {delivery_id!r} not found")
    if had is not DeliveryStatus.FAILED:
        raise HTTPException(409, detail=f"only a failed delivery is re-sent; this one is {had}")
    return RetryAccepted(id=delivery_id, status=DeliveryStatus.PENDING)


def _webhook(endpoint: Endpoint) -> Webhook:
    return Webhook(
        id=endpoint.id,
        url=endpoint.url,
        events=list(endpoint.events),
        created_at=endpoint.created_at,
        disabled_at=endpoint.disabled_at,
        consecutive_failures=endpoint.consecutive_failures,
    )


def _delivery(delivery: Delivery) -> DeliveryView:
    return DeliveryView(
        id=delivery.id,
        type=delivery.event_type,
        status=delivery.status,
        attempts=[AttemptView(**a.__dict__) for a in delivery.attempts],
        next_attempt_at=delivery.next_attempt_at,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        created_at=delivery.created_at,
        payload=delivery.payload,
    )


def _encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"d{seq}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if text[:1] == "d" and text[1:].isdigit():
            return int(text[1:])
    except ValueError:  # not base64, not ASCII, not UTF-8 (binascii.Error is one)
        pass
    problem = "is not a cursor this list returned"
    raise ProblemError(
        422, f"cursor: {problem}", [{"index": None, "field": "cursor", "problem": problem}]
    )
