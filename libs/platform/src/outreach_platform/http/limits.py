"""Refuses request bodies over a size limit with a 413, before anything parses them.

A batch may hold 1,000 events and a presentation text 100 kB, so a body could in
principle reach 100 MB; the limit keeps one request from holding that much memory.
"""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from outreach_platform.http.errors import PROBLEM_JSON, problem_body


class BodyTooLargeError(Exception):
    """Raised from inside ``receive`` to abandon a body mid-stream."""


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
                raise BodyTooLargeError
            return message

        try:
            await self._app(scope, counting_receive, send)
        except BodyTooLargeError:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        problem = f"is larger than {self._max} bytes; send fewer events per batch"
        errors = [{"index": None, "field": "body", "problem": problem}]
        body = json.dumps(problem_body(413, f"body: {problem}", errors)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", PROBLEM_JSON.encode()),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
