"""``/healthz`` (the process is up), ``/readyz`` (it can do its job) and ``/metrics``."""

from collections.abc import Callable, Iterable, Iterator

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.metrics_core import Metric

ReadinessCheck = Callable[[], str | None]
"""Returns None when ready, or a sentence saying what is not."""

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    checks: list[ReadinessCheck] = getattr(request.app.state, "readiness", [])
    problems = [p for p in (check() for check in checks) if p]
    if problems:
        return JSONResponse({"status": "not ready", "problems": problems}, status_code=503)
    return JSONResponse({"status": "ready"})


class _Families:
    """The default registry seen through a filter on metric family names.

    Every role runs the same code, so every metric is registered in every process; a
    process shows only its own role's families, or the intake would export a projection
    lag that is always zero and a dashboard summing over jobs would be misled."""

    def __init__(self, prefixes: Iterable[str]) -> None:
        self._prefixes = tuple(prefixes)

    def collect(self) -> Iterator[Metric]:
        return (m for m in REGISTRY.collect() if m.name.startswith(self._prefixes))


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """The role's metric families (``app.state.metric_prefixes``), or all when unset."""
    prefixes: Iterable[str] | None = getattr(request.app.state, "metric_prefixes", None)
    registry = REGISTRY if prefixes is None else _Families(prefixes)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
