"""Every error answer in one shape: an RFC 9457 problem document, built by ``problem``.

``type``, ``title``, ``status``, ``detail`` and ``request_id`` always; ``errors`` (each
``{"index", "field", "problem"}``) where fields are at fault, so that a partner can fix a
batch of 1,000 events in one go. Routes, exception handlers and the pure ASGI middlewares
(which answer before any route runs) all build it here.

An error body never echoes the input and stays small whatever was sent: at most
``MAX_LISTED_ERRORS`` faults are listed and every text is cut at ``MAX_TEXT``, so a 600 kB
batch with a fault in every event cannot produce a body of megabytes.
"""

import json
import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from outreach_contract.v1 import EVENT_TYPES
from outreach_platform.http.openapi import PROBLEM_JSON, document_problems
from outreach_platform.http.request_id import current_request_id

MAX_LISTED_ERRORS = 100
MAX_TEXT = 300
_TAGS = frozenset(EVENT_TYPES)
_log = logging.getLogger("outreach.http")
ErrorItem = dict[str, Any]
"""``{"index": int | None, "field": str, "problem": str}``"""
RejectionHook = Callable[[Request, list[dict[str, Any]]], None]
"""Told of every refused request body with pydantic's errors, e.g. to count rejections."""


class ProblemError(HTTPException):
    """Raise to answer with a problem document; ``errors`` names the fields at fault.

    An ``HTTPException``, so that FastAPI lets it through while it reads a body (it turns
    any other exception raised there into a bare 400)."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: list[ErrorItem] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, detail, dict(headers) if headers else None)
        self.errors = errors


def body_fault(status: int, problem: str) -> ProblemError:
    """A problem with the request body as a whole (not one field of it)."""
    return ProblemError(
        status, f"body: {problem}", [{"index": None, "field": "body", "problem": problem}]
    )


def problem_body(
    status: int, detail: str, errors: list[ErrorItem] | None = None, **extensions: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",  # the status says it all; ``title`` is its phrase (RFC 9457)
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": _cut(detail, 2 * MAX_TEXT),
        "request_id": current_request_id(),
    }
    if errors is not None:
        body["errors"] = [_bounded(e) for e in errors[:MAX_LISTED_ERRORS]]
    body.update(extensions)
    return body


def problem(
    status: int,
    detail: str,
    errors: list[ErrorItem] | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, detail, errors, **extensions),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


async def send_problem(
    send: Send,
    status: int,
    detail: str,
    errors: list[ErrorItem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Answer from a pure ASGI middleware, before any route or exception handler runs."""
    body = json.dumps(problem_body(status, detail, errors), separators=(",", ":")).encode()
    raw_headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


def field_problems(status: int, errors: list[ErrorItem]) -> JSONResponse:
    """A problem whose detail is the first fault, in words, and ``errors`` lists them."""
    first = errors[0]
    where = f"event {first['index']}: " if first["index"] is not None else ""
    detail = _cut(f"{where}{first['field']}: {first['problem']}")
    if len(errors) > MAX_LISTED_ERRORS:
        detail += f" ({len(errors)} problems; the first {MAX_LISTED_ERRORS} are listed)"
    return problem(status, detail, errors)


def error_item(error: dict[str, Any]) -> ErrorItem:
    """One pydantic error as ``{"index", "field", "problem"}`` with a readable field path.

    Never pydantic's ``input``, and no message that quotes it."""
    if error["type"] == "json_invalid":
        # Its location is a character offset into the body, not a field.
        reason = error.get("ctx", {}).get("error", "JSON decode error")
        offset = error["loc"][-1]
        return {
            "index": None,
            "field": "body",
            "problem": f"is not valid JSON: {reason} at {offset}",
        }
    loc = [part for part in error["loc"] if part not in _TAGS]
    if loc and loc[0] in ("body", "query", "path", "header"):
        loc = loc[1:]
    index = loc[1] if len(loc) > 1 and loc[0] == "events" and isinstance(loc[1], int) else None
    field = _path(loc)
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        field = f"{field}.type" if field else "type"
    return {"index": index, "field": _cut(field or "body"), "problem": _cut(_message(error))}


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "union_tag_invalid":
        # pydantic's message quotes the tag that was sent, which may be 100 kB long.
        expected = error.get("ctx", {}).get("expected_tags", "")
        return f"is not an event type; expected one of: {expected}".removesuffix(": ")
    return str(error["msg"]).removeprefix("Value error, ")


def _path(loc: list[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _bounded(item: ErrorItem) -> ErrorItem:
    return {**item, "field": _cut(str(item["field"])), "problem": _cut(str(item["problem"]))}


def _cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    raw = [dict(e) for e in exc.errors()]
    hooks: list[RejectionHook] = getattr(request.app.state, "rejection_hooks", [])
    for hook in hooks:
        hook(request, raw)
    return field_problems(422, [error_item(e) for e in raw])


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    errors = exc.errors if isinstance(exc, ProblemError) else None
    return problem(exc.status_code, str(exc.detail), errors, headers=exc.headers)


class ServerErrors:
    """Pure ASGI middleware: an exception nothing handled becomes a 500 problem that says
    nothing of the internals, and is logged once, with the traceback and the request id.
    (Starlette's own last-resort handler sits outside every middleware, so its 500 would
    carry no ``X-Request-Id``.)"""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, receive, tracking_send)
        except Exception:
            request_id = current_request_id()
            _log.exception(
                "unhandled error in %s %s (request %s)", scope["method"], scope["path"], request_id
            )
            if started:
                raise  # too late for a problem document: the server drops the connection
            await send_problem(
                send, 500, f"an unexpected error occurred; quote request id {request_id}"
            )


def add_rejection_hook(app: FastAPI, hook: RejectionHook) -> None:
    if not hasattr(app.state, "rejection_hooks"):
        app.state.rejection_hooks = []
    app.state.rejection_hooks.append(hook)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    document_problems(app)
