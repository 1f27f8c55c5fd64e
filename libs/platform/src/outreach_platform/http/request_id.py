"""Every response carries ``X-Request-Id``: the caller's, when well-formed, else a new one.

The id is also in every problem document (``request_id``) and in the log line of every
error, so that a partner quoting it finds the log. It lives in a context variable for the
length of the request: problem documents built anywhere (a route in a worker thread, an
exception handler, a middleware) read it there, without threading it through every call.
"""

import re
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-Id"
# Printable, no spaces or quotes, short: safe to log and to echo in a header.
_WELL_FORMED = re.compile(rb"[A-Za-z0-9][A-Za-z0-9._:/+=-]{0,127}")
_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str:
    """The id of the request being served (a fresh one outside a request)."""
    return _current.get() or new_request_id()


def new_request_id() -> str:
    return uuid.uuid4().hex


def chosen_request_id(scope: Scope) -> str:
    """The caller's ``X-Request-Id`` when it is well-formed, else a new one."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            return value.decode("ascii") if _WELL_FORMED.fullmatch(value) else new_request_id()
    return new_request_id()


class RequestIds:
    """Pure ASGI middleware: sets the request's id and adds the header to its response.
    Outermost, so that every response (a 401 or 413 from another middleware, a 500) has it."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        request_id = chosen_request_id(scope)
        header = (HEADER.lower().encode(), request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        token = _current.set(request_id)
        try:
            await self._app(scope, receive, send_with_id)
        finally:
            _current.reset(token)
