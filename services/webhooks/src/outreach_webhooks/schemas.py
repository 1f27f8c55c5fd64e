"""The webhooks' request and response bodies (DESIGN.md §3.1)."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from outreach_webhooks.messages import EventType
from outreach_webhooks.outcomes import DeliveryStatus

EXAMPLE_URL = "https://partner.example/hooks/outreach"
_ID, _MSG = "ep_5f0c2a9d81b34e6f7a2c1d09", "msg_3c9a0e1f7b2d4c6a8e0f1a2b"
_WEBHOOK: JsonDict = {
    "id": _ID,
    "url": EXAMPLE_URL,
    "events": ["diagnosis.changed"],
    "created_at": "2026-12-01T09:00:00Z",
    "disabled_at": None,
    "consecutive_failures": 0,
}
_PAYLOAD = (
    '{"type":"diagnosis.changed","timestamp":"2026-12-01T12:00:00Z","data":{"partner":"acme",'
    '"candidate_id":"cand-42","reason":"too_few_contacts","from":"at_risk","to":"problem",'
    '"as_of":"2026-12-01","rules_version":"2026.12"}}'
)
_DELIVERY: JsonDict = {
    "id": _MSG,
    "type": "diagnosis.changed",
    "status": "delivered",
    "attempts": [
        {
            "attempted_at": "2026-12-01T12:00:01Z",
            "status_code": 503,
            "error": "the endpoint answered 503",
            "duration_seconds": 0.21,
        },
        {
            "attempted_at": "2026-12-01T12:00:07Z",
            "status_code": 200,
            "error": None,
            "duration_seconds": 0.08,
        },
    ],
    "next_attempt_at": None,
    "last_status_code": 200,
    "last_error": None,
    "created_at": "2026-12-01T12:00:00Z",
    "payload": _PAYLOAD,
}


def _example(example: JsonDict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


EventTypes = Annotated[
    list[EventType],
    Field(
        min_length=1,
        max_length=len(EventType),
        description="the event types to deliver: diagnosis.changed (a reason's status "
        "changed for a candidate)",
        examples=[["diagnosis.changed"]],
    ),
]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"url": EXAMPLE_URL, "events": ["diagnosis.changed"]}]},
    )

    url: str = Field(
        max_length=2000,
        description="where deliveries are POSTed: https:// (or http://) on a public address",
        examples=[EXAMPLE_URL],
    )
    events: EventTypes


class WebhookCreated(BaseModel):
    model_config = _example(
        {
            "id": _ID,
            "url": EXAMPLE_URL,
            "events": ["diagnosis.changed"],
            "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        }
    )

    id: str = Field(description="the endpoint's id", examples=["ep_5f0c2a9d81b34e6f7a2c1d09"])
    url: str = Field(description="where deliveries are POSTed")
    events: list[EventType] = Field(description="the event types it is sent")
    secret: str = Field(
        description="whsec_ and the base64 key of the deliveries' HMAC-SHA256 signatures "
        "(Standard Webhooks); shown only here: keep it",
        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )


class Webhook(BaseModel):
    id: str = Field(description="the endpoint's id")
    url: str = Field(description="where deliveries are POSTed")
    events: list[EventType] = Field(description="the event types it is sent")
    created_at: datetime = Field(description="when it was registered")
    disabled_at: datetime | None = Field(
        default=None,
        description="when it was disabled after failing deliveries (null: enabled); "
        "re-sending one of its failed deliveries enables it again",
    )
    consecutive_failures: int = Field(description="failed deliveries in a row, up to now")


class Webhooks(BaseModel):
    model_config = _example({"data": [_WEBHOOK]})

    data: list[Webhook] = Field(description="the partner's endpoints, oldest first")


class AttemptView(BaseModel):
    attempted_at: datetime = Field(description="when the attempt was answered or gave up")
    status_code: int | None = Field(
        default=None, description="the endpoint's HTTP status; null: no answer"
    )
    error: str | None = Field(
        default=None, description="why it did not count as delivered; null if it did"
    )
    duration_seconds: float = Field(description="how long the attempt took")


class DeliveryView(BaseModel):
    id: str = Field(description="the webhook-id header: the same on every attempt")
    type: EventType = Field(description="the event type of the message")
    status: DeliveryStatus = Field(
        description="pending (to be sent, or retried at next_attempt_at), delivered "
        "(a 2xx answered), failed (retries exhausted, or its endpoint was disabled)"
    )
    attempts: list[AttemptView] = Field(description="every attempt, oldest first")
    next_attempt_at: datetime | None = Field(
        default=None, description="when pending: the next attempt"
    )
    last_status_code: int | None = Field(default=None, description="the last attempt's HTTP status")
    last_error: str | None = Field(default=None, description="the last attempt's error")
    created_at: datetime = Field(description="when the verdict change was fanned out")
    payload: str = Field(description="the exact body sent (and signed)")


class Deliveries(BaseModel):
    model_config = _example({"data": [_DELIVERY], "next_cursor": "ZDEy"})

    data: list[DeliveryView] = Field(description="the endpoint's deliveries, newest first")
    next_cursor: str | None = Field(
        default=None, description="pass as cursor for the next page; null: last"
    )


class RetryAccepted(BaseModel):
    model_config = _example({"id": _MSG, "status": "pending"})

    id: str = Field(description="the delivery's id (webhook-id)")
    status: DeliveryStatus = Field(description="pending: it is sent again now")
