"""``/healthz`` (the process is up), ``/readyz`` (it can do its job) and ``/metrics``.

Partner names are label values, so ``/metrics`` is tenant data: with a metrics token set
(``OUTREACH_METRICS_TOKEN``) it answers only ``Authorization: Bearer <token>``, which is
what Prometheus' ``authorization`` scrape setting sends.
"""

import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.metrics_core import Metric

from outreach_platform.http.deps import mount as mount_deps
from outreach_platform.http.deps import provide
from outreach_platform.http.errors import problem
from outreach_platform.http.openapi import problem_responses

ReadinessCheck = Callable[[], str | None]
"""Returns None when ready, or a sentence saying what is not."""


@dataclass
class Probes:
    """What this process checks before it says it is ready, and which metric families
    (name prefixes) it shows: every role runs the same code, so every metric is registered
    in every process, and a process shows only its own roles' families, or the intake
    would export a projection lag that is always zero and mislead a dashboard."""

    readiness: list[ReadinessCheck] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    metrics_token: str | None = None
    # Said by /readyz but still ready (200): e.g. events quarantined for a few candidates
    # must not take the whole process out of a load balancer (ADR 0009).
    degradations: list[ReadinessCheck] = field(default_factory=list)

    def collect(self) -> Iterator[Metric]:
        prefixes = tuple(self.families)
        return (m for m in REGISTRY.collect() if m.name.startswith(prefixes))


ProbesDep = Annotated[Probes, Depends(provide(Probes))]
router = APIRouter(tags=["operations"])


def mount(app: FastAPI, probes: Probes) -> None:
    mount_deps(app, router, probes)


def _answer(example: dict[str, object]) -> dict[int | str, dict[str, object]]:
    return {200: {"content": {"application/json": {"example": example}}}}


@router.get("/healthz", operation_id="get_healthz", responses=_answer({"status": "ok"}))
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    operation_id="get_readyz",
    responses={
        **_answer({"status": "ready", "degraded": ["3 events quarantined for 1 candidate"]}),
        **problem_responses(503, why={503: "not ready: detail and problems say why"}),
    },
)
def readyz(probes: ProbesDep) -> JSONResponse:
    problems = [p for p in (check() for check in probes.readiness) if p]
    if problems:
        # A problem document like every 5xx; ``problems`` lists every check that failed.
        return problem(503, "not ready: " + "; ".join(problems), problems=problems)
    degraded = [d for d in (check() for check in probes.degradations) if d]
    return JSONResponse(
        {"status": "ready", "degraded": degraded} if degraded else {"status": "ready"}
    )


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request, probes: ProbesDep) -> Response:
    """The process's metric families."""
    if probes.metrics_token is not None and not _bears(request, probes.metrics_token):
        raise HTTPException(
            401,
            "/metrics needs 'Authorization: Bearer <OUTREACH_METRICS_TOKEN>'",
            {"WWW-Authenticate": "Bearer"},
        )
    return Response(generate_latest(probes), media_type=CONTENT_TYPE_LATEST)


def _bears(request: Request, token: str) -> bool:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    given = credentials.strip().encode()
    return scheme.lower() == "bearer" and hmac.compare_digest(given, token.encode())
