"""The HTTP edge of every process: its pure ASGI middlewares, in the one order that works.

Outermost first, as a request meets them:

1. ``RequestIds``: every response, even a 500, carries ``X-Request-Id``;
2. ``ServerErrors``: an unhandled exception becomes a 500 problem, logged with that id;
3. ``RequestMetrics``: every answer is counted, the refusals below included;
4. ``BodySizeLimit``: a body over the limit is a 413, declared or chunked.

Then, once routed, every ``PartnerRoute`` authenticates and rate-limits the request before
its body is read (routes.py), with the ``RateLimiter`` registered here.
"""

from fastapi import FastAPI

from outreach_platform.http import deps
from outreach_platform.http.errors import ServerErrors
from outreach_platform.http.limits import BodySizeLimit
from outreach_platform.http.probes import Probes
from outreach_platform.http.ratelimit import RateLimiter
from outreach_platform.http.request_id import RequestIds
from outreach_platform.metrics import RequestMetrics
from outreach_platform.settings import Settings


def install(app: FastAPI, settings: Settings, probes: Probes, service: str) -> None:
    token = settings.metrics_token
    probes.metrics_token = token.get_secret_value() if token is not None else None
    deps.register(app, RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst))
    # add_middleware wraps what is there: the innermost first.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestMetrics, service=service)
    app.add_middleware(ServerErrors)
    app.add_middleware(RequestIds)
