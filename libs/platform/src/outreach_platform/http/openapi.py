"""What the OpenAPI document says about errors: the ``Problem`` model, the error statuses
of each kind of route (``responses=`` in a route decorator), and the media type.

FastAPI documents an additional response under the route's own media type
(``application/json``); ``document_problems`` moves every 4xx and 5xx to
``application/problem+json``, which is what is sent, names ``X-Request-Id`` on every
response, and links ``POST /v1/events`` to the candidate reads the same process serves
(OpenAPI links: what a client, or a stateful fuzzer, reads next).
"""

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import FastAPI, Path
from pydantic import BaseModel, ConfigDict, Field

from outreach_contract.v1.fields import Identifier
from outreach_platform.http.problem_examples import example_problem

PROBLEM_JSON = "application/problem+json"
CANDIDATE_EXAMPLE = "cand-42"
ERASABLE_EXAMPLE = "cand-43"

CandidateId = Annotated[
    Identifier,
    Path(
        description="the partner's own id for the candidate, as sent in its events",
        examples=[CANDIDATE_EXAMPLE],
    ),
]
"""The ``{candidate_id}`` of every candidate route."""
ErasableId = Annotated[
    Identifier,
    Path(
        description="the partner's own id for the candidate, as sent in its events",
        # Another example than the reads': a client (or fuzzer) trying the examples in
        # turn erases this one, not the candidate every read's example shows.
        examples=[ERASABLE_EXAMPLE],
    ),
]


class FieldProblem(BaseModel):
    index: int | None = Field(
        default=None, description="the event's position in the batch, if one is at fault"
    )
    field: str = Field(description="the field at fault, e.g. events[2].data.channel, or body")
    problem: str = Field(description="what is wrong with it, in words")


class Problem(BaseModel):
    """An RFC 9457 problem document: the body of every 4xx and 5xx answer."""

    model_config = ConfigDict(extra="allow")  # RFC 9457 extension members

    type: str = Field(description="about:blank: the status says what kind of problem it is")
    title: str = Field(description="the status's phrase, e.g. Unprocessable Content")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(description="what went wrong, in words (the first fault, if several)")
    request_id: str = Field(description="the X-Request-Id of the request: quote it to support")
    errors: list[FieldProblem] = Field(
        default_factory=list,
        description="where fields are at fault, each of them (at most 100 are listed)",
    )


_WHY = {
    400: "the body is not UTF-8 JSON, nests too deep, or holds an outsized number",
    401: "no API key, or one that is unknown or revoked",
    403: "the API key lacks the scope this route needs",
    404: "no such candidate for this partner (another partner's candidate included)",
    409: "the request conflicts with what is stored (an event_id reused for other content)",
    410: "a candidate of the batch was erased: its id takes no more events",
    413: "the body is larger than OUTREACH_MAX_BODY_BYTES",
    415: "the Content-Type is not application/json",
    422: "a field or parameter is invalid: errors names each one",
    429: "the API key is over its rate limit: retry after Retry-After seconds",
    500: "an unexpected error: quote the request_id",
    503: "the database is unreachable for a moment: nothing was done, retry after Retry-After",
}
_RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}},
}
_REQUEST_ID = {
    "description": "the request's id (the caller's, if well-formed)",
    "schema": {"type": "string"},
}


def problem_responses(
    *statuses: int, why: Mapping[int, str] | None = None
) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route decorator: each status as a ``Problem``, with an example;
    ``why`` says what a status means on this route, where the general sentence would not."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        description = (why or {}).get(status) or _WHY.get(status, HTTPStatus(status).phrase)
        response: dict[str, Any] = {
            "model": Problem,
            "description": description,
            "content": {"application/json": {"example": example_problem(status)}},
        }
        if status in (429, 503):
            response["headers"] = _RETRY_AFTER
        responses[status] = response
    return responses


AUTHENTICATED = (401, 403, 429, 500, 503)
"""Every ``/v1`` route: a key, a scope, the rate limit, the unexpected, and the database
unreachable for a moment (``unavailable.py``)."""
TAKING_PARAMETERS = (422,)
ADDRESSING_A_RESOURCE = (404, 422)
TAKING_A_BODY = (400, 413, 415, 422)
READ_RESPONSES = problem_responses(*AUTHENTICATED, 422)
CANDIDATE_READ_RESPONSES = problem_responses(*AUTHENTICATED, 404, 422)
WRITE_RESPONSES = problem_responses(*AUTHENTICATED, 400, 413, 415, 422)


def implied_statuses(*, body: bool, parameters: bool, path_parameters: bool) -> list[int]:
    """The error statuses every partner route of this shape can answer (PartnerRoute adds
    those a route does not document itself): what the route class, the edge and the
    validation do, whatever the route's own code."""
    statuses = set(AUTHENTICATED)
    if parameters or body:
        statuses.update(TAKING_PARAMETERS)
    if path_parameters:
        statuses.update(ADDRESSING_A_RESOURCE)
    if body:
        statuses.update(TAKING_A_BODY)
    return sorted(statuses)


def document_problems(app: FastAPI) -> None:
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            _retype(schema)
            _link_candidate_reads(schema)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override


def _retype(schema: dict[str, Any]) -> None:
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                # FastAPI documents an error under the route's own media type (text/html
                # for the report, the schema there, the example under application/json):
                # every error is sent as a problem document, so both move to it.
                routes_own = [media for media in content if media != PROBLEM_JSON]
                if status[:1] in ("4", "5") and routes_own:
                    problem = content.setdefault(PROBLEM_JSON, {})
                    for media in routes_own:
                        problem.update({**content.pop(media), **problem})
                response.setdefault("headers", {}).setdefault("X-Request-Id", _REQUEST_ID)


def _link_candidate_reads(schema: dict[str, Any]) -> None:
    """Each ``GET`` of a candidate this process serves, as a link of the accepted batch:
    the first event's candidate (every candidate of the batch reads the same way)."""
    paths = schema.get("paths", {})
    accepted = paths.get("/v1/events", {}).get("post", {}).get("responses", {}).get("202")
    if accepted is None:
        return
    links = {
        f"candidate_{path.rstrip('/').rsplit('/', 1)[-1].strip('{}')}": {
            "operationId": operations["get"]["operationId"],
            "parameters": {"candidate_id": "$request.body#/events/0/candidate_id"},
            "description": f"GET {path} of the batch's first candidate",
        }
        for path, operations in paths.items()
        if "{candidate_id}" in path and "operationId" in operations.get("get", {})
    }
    if links:
        accepted["links"] = links
