"""HTTP request metrics as pure ASGI middleware.

``@app.middleware("http")`` cost about 60% of throughput when measured here; a pure ASGI
wrapper costs about 10%. Routes are labelled by their template, never by the raw path,
so a candidate id can never become a label value; methods outside HTTP's own are one
value (``other``), so a scanner sending ``FOO`` cannot add series either.
"""

import time
from collections.abc import Mapping
from typing import Any

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FAMILIES = ("outreach_http_", "process_", "python_")
"""Shown by every process: HTTP traffic and the client library's process collectors."""
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})
"""HTTP's own methods; any other is labelled ``other``."""

REQUESTS = Counter(
    "outreach_http_requests_total",
    "HTTP requests served, by service, route template, method and status code.",
    ["service", "route", "method", "status"],
)
LATENCY = Histogram(
    "outreach_http_request_duration_seconds",
    "Time to answer an HTTP request, by service and route template.",
    ["service", "route", "method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


class RequestMetrics:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self._app = app
        self._service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self._app(scope, receive, send_with_status)
        finally:
            route = _route_template(scope)
            method = scope["method"] if scope["method"] in METHODS else "other"
            LATENCY.labels(self._service, route, method).observe(time.perf_counter() - started)
            REQUESTS.labels(self._service, route, method, str(status)).inc()


def _route_template(scope: Mapping[str, Any]) -> str:
    route = scope.get("route")
    # Unmatched paths are one label value, not one per URL a scanner tries.
    return getattr(route, "path", None) or "unmatched"
