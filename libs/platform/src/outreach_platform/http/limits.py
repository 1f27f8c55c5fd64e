"""Refuses request bodies over a size limit with a 413, before anything parses them.

A batch may hold 1,000 events and a presentation text 100 kB, so a body could in
principle reach 100 MB; the limit keeps one request from holding that much memory. A
declared ``Content-Length`` over the limit is refused before a byte is read; a chunked
body is counted as it arrives and abandoned at the first byte over.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from outreach_platform.http.errors import ProblemError, body_fault, send_problem


def too_large(max_bytes: int) -> ProblemError:
    return body_fault(413, f"is larger than {max_bytes} bytes; send fewer events per batch")


class BodyTooLargeError(ProblemError):
    """Raised from inside ``receive`` to abandon a body mid-stream. A ``ProblemError`` (an
    ``HTTPException``): FastAPI, reading the body, lets it through to the 413 handler
    instead of turning it into a generic 400."""

    def __init__(self, max_bytes: int) -> None:
        fault = too_large(max_bytes)
        super().__init__(413, str(fault.detail), fault.errors)


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self._app = app
        self._max = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self._max:
            await self._refuse(send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self._max:
                raise BodyTooLargeError(self._max)
            return message

        try:
            await self._app(scope, counting_receive, send)
        except BodyTooLargeError:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        fault = too_large(self._max)
        await send_problem(send, 413, str(fault.detail), fault.errors)
