"""``/healthz`` (the process is up), ``/readyz`` (it can do its job) and ``/metrics``."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.metrics_core import Metric

from outreach_platform.http.deps import mount as mount_deps
from outreach_platform.http.deps import provide

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

    def collect(self) -> Iterator[Metric]:
        prefixes = tuple(self.families)
        return (m for m in REGISTRY.collect() if m.name.startswith(prefixes))


ProbesDep = Annotated[Probes, Depends(provide(Probes))]
router = APIRouter(tags=["operations"])


def mount(app: FastAPI, probes: Probes) -> None:
    mount_deps(app, router, probes)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(probes: ProbesDep) -> JSONResponse:
    problems = [p for p in (check() for check in probes.readiness) if p]
    if problems:
        return JSONResponse({"status": "not ready", "problems": problems}, status_code=503)
    return JSONResponse({"status": "ready"})


@router.get("/metrics", include_in_schema=False)
def metrics(probes: ProbesDep) -> Response:
    """The process's metric families."""
    return Response(generate_latest(probes), media_type=CONTENT_TYPE_LATEST)
