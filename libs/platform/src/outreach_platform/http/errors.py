"""Validation errors as partners need them: which event, which field, what is wrong."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from outreach_contract.v1 import EVENT_TYPES

_TAGS = frozenset(EVENT_TYPES)


def problem(error: dict[str, Any]) -> dict[str, Any]:
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


RejectionHook = Callable[[Request, list[dict[str, Any]]], None]
"""Told of every refused request body (after authentication), e.g. to count rejections."""


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    raw = [dict(e) for e in exc.errors()]
    errors = [problem(e) for e in raw]
    for hook in getattr(request.app.state, "rejection_hooks", []):
        hook(request, raw)
    first = errors[0]
    where = f"event {first['index']}: " if first["index"] is not None else ""
    return JSONResponse(
        status_code=422,
        content={"detail": f"{where}{first['field']}: {first['problem']}", "errors": errors},
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
