"""Diagnosis over HTTP: p50 and p99 of ``GET /v1/candidates/{id}/diagnosis`` (as of
today, and as of an arbitrary earlier day) and of ``/state``, one client after another,
from the diagnostics role (``outreach serve diagnostics``) over a SQLite read model of
candidates with 100, 1,000 and 10,000 events; against a bare FastAPI app served by uvicorn
the same way answering constant JSON of the same size (``constant_app.py``).

Diagnoses of an unchanged candidate are kept with its cached state
(``OUTREACH_DIAGNOSES_KEPT``), so the rows "as of today" measure what a repeated request
costs; "rules on every request" runs the same with none kept (what the first request
after a new event costs), and the earlier-day row asks a different day on every request
(each one a new diagnosis).

The periodic flag refresher is pushed out of the way (``OUTREACH_FLAGS_REFRESH_SECONDS``
set to an hour, after its first pass at start): it has a benchmark of its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx

from bench.perf import data, infra
from bench.perf.measure import Context, Measurement, Result, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better, percentile
from outreach_platform.database import create_schema, make_engine
from outreach_projection.write import ProjectionStore

SIZES = (100, 1_000, 10_000)
READ_MODEL = "diagnosis-readmodel"
UNIT = "ms p99"
MAX_REQUESTS, MAX_SECONDS, WARM_UP = 200, 5.0, 3


def candidate(events: int) -> str:
    return f"diag-{events}"


def build(ctx: Context, target: Path) -> None:
    engine = make_engine(f"sqlite:///{target / 'outreach.db'}")
    create_schema(engine)
    store = ProjectionStore(engine)
    for position, events in enumerate(SIZES, start=1):
        history = data.history(candidate(events), min(events, 300) if ctx.quick else events)
        store.apply(list(data.recorded(history)), {"bench": position})
    engine.dispose()


def as_of_day(request: int) -> str:
    """120 days before the year of history ends, a day earlier for each request, 30 days
    round: each a new diagnosis of about two thirds of the history."""
    earlier = timedelta(days=120 + request % 30)
    return (data.history_end() - earlier).date().isoformat()


PATHS = {
    "today_100": f"/v1/candidates/{candidate(100)}/diagnosis",
    "today_1000": f"/v1/candidates/{candidate(1_000)}/diagnosis",
    "today_10000": f"/v1/candidates/{candidate(10_000)}/diagnosis",
    "cold_100": f"/v1/candidates/{candidate(100)}/diagnosis",
    "cold_10000": f"/v1/candidates/{candidate(10_000)}/diagnosis",
    "as_of_10000": f"/v1/candidates/{candidate(10_000)}/diagnosis?as_of={{as_of}}",
    "state_10000": f"/v1/candidates/{candidate(10_000)}/state",
}
NONE_KEPT = {"cold_100", "cold_10000"}  # served with OUTREACH_DIAGNOSES_KEPT=0


def latencies(http: httpx.Client, path: str, quick: bool) -> tuple[list[float], int]:
    """Milliseconds of each request of one run, and the size of the answer."""
    for n in range(WARM_UP):
        http.get(path.format(as_of=as_of_day(n))).raise_for_status()
    samples: list[float] = []
    size, started = 0, time.monotonic()
    limit = 10 if quick else MAX_REQUESTS
    while len(samples) < limit and time.monotonic() - started < MAX_SECONDS:
        target = path.format(as_of=as_of_day(WARM_UP + len(samples)))
        begun = time.perf_counter()
        answer = http.get(target)
        samples.append((time.perf_counter() - begun) * 1000)
        answer.raise_for_status()
        size = len(answer.content)
    return samples, size


def sampled(http: httpx.Client, path: str, quick: bool) -> list[tuple[list[float], int]]:
    """Three runs of requests on one server."""
    runs: list[tuple[list[float], int]] = []

    def once(_index: int) -> float:
        runs.append(latencies(http, path, quick))
        return percentile(runs[-1][0], 99)

    repeat(once)
    return runs


def summarise(runs: list[tuple[list[float], int]], servers: dict[str, int]) -> Result:
    p99 = [percentile(samples, 99) for samples, _ in runs]
    p50 = sorted(percentile(samples, 50) for samples, _ in runs)[len(runs) // 2]
    count = sum(len(samples) for samples, _ in runs)
    rate = count / (sum(sum(samples) for samples, _ in runs) / 1000)
    detail = f"p50 {p50:.1f} ms, {rate:,.1f} requests/s, {count} requests, {runs[-1][1]:,} B"
    return result(p99, UNIT, Better.LOWER, detail, servers)


def size_file(ctx: Context, name: str) -> Path:
    return ctx.workdir / "sizes" / name


def served(name: str) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        settings = infra.sqlite_settings(ctx.scratch / "data")
        infra.copy_sqlite(
            ctx.prepared(READ_MODEL) / "outreach.db", settings.data_dir / "outreach.db"
        )
        env = {**infra.sqlite_env(settings), "OUTREACH_FLAGS_REFRESH_SECONDS": "3600"}
        if name in NONE_KEPT:
            env["OUTREACH_DIAGNOSES_KEPT"] = "0"
        server = infra.Role("diagnostics", settings, env, ctx.scratch)
        path = PATHS[name]
        with infra.running(server):
            key = server.key(data.PARTNER)
            headers = {"Authorization": f"Bearer {key}"}
            with httpx.Client(base_url=server.url, headers=headers, timeout=60) as http:
                runs = sampled(http, path, ctx.quick)
            peak = server.peak_kib()
        size_file(ctx, name).parent.mkdir(parents=True, exist_ok=True)
        size_file(ctx, name).write_text(str(runs[-1][1]))
        return summarise(runs, {"diagnostics": peak})

    return run


def constant(name: str) -> Callable[[Context], Result]:
    def run(ctx: Context) -> Result:
        found = size_file(ctx, name)
        size = int(found.read_text()) if found.exists() else 3_000
        with infra.ConstantApp(ctx.scratch) as app, httpx.Client(base_url=app.url) as http:
            runs = sampled(http, f"/constant/{size}", ctx.quick)
            peak = app.peak_kib()
        return summarise(runs, {"constant app": peak})

    return run


MEASUREMENTS = [
    measurement
    for name in PATHS
    for measurement in (
        Measurement(f"diagnosis:{name}", served(name), (READ_MODEL, build)),
        Measurement(f"diagnosis:constant_{name}", constant(name)),
    )
]
CEILING = "constant JSON of the same size"
ROWS = [
    *(
        Row(
            f"diagnosis p99, candidate with {events:,} events, as of today",
            f"diagnosis:today_{events}",
            f"diagnosis:constant_today_{events}",
            CEILING,
        )
        for events in SIZES
    ),
    *(
        Row(
            f"diagnosis p99, candidate with {events:,} events, as of today, rules on every request",
            f"diagnosis:cold_{events}",
            f"diagnosis:constant_cold_{events}",
            CEILING,
            "OUTREACH_DIAGNOSES_KEPT=0: what the first request after a new event costs",
        )
        for events in (100, 10_000)
    ),
    Row(
        "diagnosis p99, candidate with 10,000 events, as of an earlier day",
        "diagnosis:as_of_10000",
        "diagnosis:constant_as_of_10000",
        CEILING,
        "a different as_of on every request, 120 to 149 days before the history ends",
    ),
    Row(
        "`/state` p99 at 10,000 events",
        "diagnosis:state_10000",
        "diagnosis:constant_state_10000",
        CEILING,
    ),
]
