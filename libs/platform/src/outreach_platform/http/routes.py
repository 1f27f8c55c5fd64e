"""``PartnerRoute``: the route class of every router partners call (``/v1``).

``APIRouter(route_class=PartnerRoute)``. Once a request is routed, and before FastAPI's
handler reads a byte of its body, the route:

1. authenticates it and spends a token of its key's rate limit (auth.py: 401, 429);
2. if the route takes a body, checks that it is JSON (bodies.py: 415) and hands FastAPI a
   request whose body is parsed with the checks of ``bodies.parse_json`` (400).

After routing, so that metrics still label the refusals with their route template; in the
route class, because FastAPI parses the body before any dependency runs.

It also documents every route the same way, so that a route added by any service is a
client generator's input as it stands (ADR 0017): its operation id is the endpoint's name
unless the decorator gives one (``post_events``, snake_case and stable: generated clients
name their functions after it), and every error status its shape implies (a key, a scope,
parameters, a path parameter, a body: ``openapi.implied_statuses``) is documented with
the problem document, unless the route documents that status itself.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.dependencies.utils import get_flat_params
from fastapi.routing import APIRoute

from outreach_platform.http.auth import authenticate
from outreach_platform.http.bodies import CheckedJsonRequest, require_json
from outreach_platform.http.openapi import implied_statuses, problem_responses


class PartnerRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        options["operation_id"] = options.get("operation_id") or endpoint.__name__
        super().__init__(path, endpoint, **options)
        documented = {str(status) for status in self.responses}
        missing = [s for s in self._implied_statuses() if str(s) not in documented]
        if missing:
            # Built again with the whole list: FastAPI derives its response fields (and
            # an included router's copy of the route) from ``responses`` at construction.
            options["responses"] = {**problem_responses(*missing), **self.responses}
            super().__init__(path, endpoint, **options)

    def _implied_statuses(self) -> list[int]:
        return implied_statuses(
            body=self.body_field is not None,
            parameters=bool(get_flat_params(self.dependant)),
            path_parameters=bool(self.param_convertors),
        )

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
