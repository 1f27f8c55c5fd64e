"""An example problem document per status, as a route sends it: what the OpenAPI document
shows beside each error status (``openapi.problem_responses``)."""

from http import HTTPStatus
from typing import Any

_EXAMPLE_DETAIL = {
    400: "body: is not valid JSON: expected value at 0",
    401: "missing or invalid API key: send 'Authorization: Bearer <key>'",
    403: "this API key lacks the scope 'audit:read'",
    404: "candidate 'cand-42' not found",
    409: "event 0: events[0].event_id: was already recorded with other content",
    410: "event 0: events[0].candidate_id: candidate 'cand-43' was erased; its id takes no "
    "more events",
    413: "body: is larger than 20000000 bytes",
    415: "body: Content-Type must be application/json",
    422: "event 0: events[0].data.channel: Input should be 'linkedin', 'email', 'phone', "
    "'coffee', 'event' or 'other'",
    429: "this API key is over its rate limit; retry after 1 s",
    500: "an unexpected error occurred; quote request id 4f0c9c1e2b7a4d5e",
    503: "the database is unreachable for a moment; retry after 2 s",
}
_EXAMPLE_ERRORS = {
    400: [{"index": None, "field": "body", "problem": "is not valid JSON: expected value at 0"}],
    409: [
        {
            "index": 0,
            "field": "events[0].event_id",
            "problem": "was already recorded with other content",
        }
    ],
    410: [
        {
            "index": 0,
            "field": "events[0].candidate_id",
            "problem": "candidate 'cand-43' was erased; its id takes no more events",
        }
    ],
    413: [{"index": None, "field": "body", "problem": "is larger than 20000000 bytes"}],
    415: [{"index": None, "field": "body", "problem": "Content-Type must be application/json"}],
    422: [
        {
            "index": 0,
            "field": "events[0].data.channel",
            "problem": "Input should be 'linkedin', 'email', 'phone', 'coffee', 'event' or 'other'",
        }
    ],
}


def example_problem(status: int) -> dict[str, Any]:
    """A problem document as a route with this status sends it, for the OpenAPI examples."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": _EXAMPLE_DETAIL.get(status, HTTPStatus(status).description),
        "request_id": "4f0c9c1e2b7a4d5e",
    }
    if status in _EXAMPLE_ERRORS:
        body["errors"] = _EXAMPLE_ERRORS[status]
    return body
