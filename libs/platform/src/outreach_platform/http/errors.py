"""Every error answer in one shape: an RFC 9457 problem document, built by ``problem``.

Validation errors say, for each fault, which event (``index``), which field and what is
wrong, so that a partner can fix a batch of 1,000 events in one go.
"""

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from outreach_contract.v1 import EVENT_TYPES

PROBLEM_JSON = "application/problem+json"
_TAGS = frozenset(EVENT_TYPES)
ErrorItem = dict[str, Any]
"""``{"index": int | None, "field": str, "problem": str}``"""
RejectionHook = Callable[[Request, list[dict[str, Any]]], None]
"""Told of every refused request body with pydantic's errors, e.g. to count rejections."""


def problem_body(status: int, detail: str, errors: list[ErrorItem] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",  # the status says it all; ``title`` is its phrase (RFC 9457)
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem(
    status: int,
    detail: str,
    errors: list[ErrorItem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, detail, errors),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def field_problems(status: int, errors: list[ErrorItem]) -> JSONResponse:
    """A problem whose detail is the first fault, in words, and ``errors`` lists them all."""
    first = errors[0]
    where = f"event {first['index']}: " if first["index"] is not None else ""
    return problem(status, f"{where}{first['field']}: {first['problem']}", errors)


def error_item(error: dict[str, Any]) -> ErrorItem:
    """One pydantic error as ``{"index", "field", "problem"}`` with a readable field path."""
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
    message = error["msg"].removeprefix("Value error, ")
    return {"index": index, "field": field or "body", "problem": message}


def _path(loc: list[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    raw = [dict(e) for e in exc.errors()]
    hooks: list[RejectionHook] = getattr(request.app.state, "rejection_hooks", [])
    for hook in hooks:
        hook(request, raw)
    return field_problems(422, [error_item(e) for e in raw])


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem(exc.status_code, str(exc.detail), headers=exc.headers)


def add_rejection_hook(app: FastAPI, hook: RejectionHook) -> None:
    if not hasattr(app.state, "rejection_hooks"):
        app.state.rejection_hooks = []
    app.state.rejection_hooks.append(hook)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
