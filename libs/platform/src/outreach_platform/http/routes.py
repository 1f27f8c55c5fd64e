"""``PartnerRoute``: the route class of every router partners call (``/v1``).

``APIRouter(route_class=PartnerRoute)``. Once a request is routed, and before FastAPI's
handler reads a byte of its body, the route:

1. authenticates it and spends a token of its key's rate limit (auth.py: 401, 429);
2. if the route takes a body, checks that it is JSON (bodies.py: 415) and hands FastAPI a
   request whose body is parsed with the checks of ``bodies.parse_json`` (400).

After routing, so that metrics still label the refusals with their route template; in the
route class, because FastAPI parses the body before any dependency runs.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from outreach_platform.http.auth import authenticate
from outreach_platform.http.bodies import CheckedJsonRequest, require_json


class PartnerRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        takes_body = self.body_field is not None

        async def guarded(request: Request) -> Response:
            await authenticate(request)
            if not takes_body:
                return await handler(request)
            require_json(request.headers.get("content-type"))
            return await handler(CheckedJsonRequest(request.scope, request.receive))

        return guarded
