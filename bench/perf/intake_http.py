"""Intake over HTTP: ``POST /v1/events`` in batches of 500 to real ``outreach serve``
processes.

One server with a fresh store per measurement; each of its three runs posts new
candidates.

- embedded (one process: intake, projection, diagnostics on SQLite) against the intake role
  alone on SQLite (no projection, no relay): what the in-process projection costs;
- the intake role of the distributed stack (PostgreSQL, its relay to Kafka inside), one
  client, against bare eventsourcing on the same PostgreSQL (``intake:bare_postgres``);
  and the same with the relay in a process of its own, as docker-compose.yml deploys it;
- four clients on overlapping candidates (concurrent batches touch the same candidates)
  against four on disjoint ones; failed batches (any answer but 202) are counted.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

import httpx

from bench.perf import data, infra
from bench.perf.measure import Context, Measurement, Result, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better
from outreach_platform.settings import Settings

UNIT = "events/s"
CLIENTS = 4


@dataclass
class Posted:
    events: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, events: int, status: int | str) -> None:
        with self.lock:
            if status == 202:
                self.events += events
            else:
                self.failed += 1
                self.failures.append(str(status))


def post_all(
    url: str, key: str, lanes: Sequence[Sequence[tuple[int, bytes]]]
) -> tuple[Posted, float]:
    """Each lane is one client posting its (size, body) batches in order; all lanes run
    at once. Returns what was accepted and the wall time."""
    posted = Posted()

    def client(lane: Sequence[tuple[int, bytes]]) -> None:
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        with httpx.Client(base_url=url, headers=headers, timeout=300) as http:
            for size, body in lane:
                try:
                    posted.add(size, http.post("/v1/events", content=body).status_code)
                except httpx.HTTPError as error:
                    posted.add(size, type(error).__name__)

    threads = [threading.Thread(target=client, args=(lane,)) for lane in lanes]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return posted, time.perf_counter() - started


def encoded(batches: Sequence[Sequence[data.Envelope]]) -> list[tuple[int, bytes]]:
    return [(len(batch), data.body(batch)) for batch in batches]


Workload = Callable[[Context, int], list[list[tuple[int, bytes]]]]
"""The batches of each client in run ``index``: new candidates in every run."""


def one_client(ctx: Context, index: int) -> list[list[tuple[int, bytes]]]:
    count = 25 if ctx.quick else 200
    return [encoded(data.batches(data.population(f"http{index}", count, 40)))]


def overlapping(ctx: Context, index: int) -> list[list[tuple[int, bytes]]]:
    """One interleaved feed dealt round-robin to the clients: concurrent batches share
    candidates."""
    count = 50 if ctx.quick else 200
    batches = encoded(data.batches(data.population(f"overlap{index}", count, 40)))
    return [batches[lane::CLIENTS] for lane in range(CLIENTS)]


def disjoint(ctx: Context, index: int) -> list[list[tuple[int, bytes]]]:
    """The same volume, each client with candidates of its own."""
    count = 50 if ctx.quick else 200
    per_lane = count // CLIENTS
    return [
        encoded(data.batches(data.population(f"disjoint{index}-{lane}", per_lane, 40)))
        for lane in range(CLIENTS)
    ]


Store = tuple[Settings, dict[str, str]]
"""A store's settings, and the same as ``OUTREACH_*`` variables for a server."""
ServerStore = Callable[[Context, int], AbstractContextManager[Store]]


@contextmanager
def sqlite_store(ctx: Context, index: int) -> Iterator[Store]:
    settings = infra.sqlite_settings(ctx.scratch / f"run{index}")
    yield settings, infra.sqlite_env(settings)


@contextmanager
def stack_store(ctx: Context, index: int) -> Iterator[Store]:
    """PostgreSQL and a topic of its own: the stack's intake, relay inside."""
    with infra.pg_database("http") as db, infra.topic("http") as topic:
        yield (
            db.settings(),
            {
                **db.outreach_env(),
                "OUTREACH_DATA_DIR": str(ctx.scratch / f"run{index}"),
                "OUTREACH_KAFKA_BOOTSTRAP": infra.kafka().bootstrap,
                "OUTREACH_KAFKA_TOPIC": topic,
                "OUTREACH_KAFKA_PARTITIONS": str(infra.PARTITIONS),
            },
        )


def measure(
    role: str,
    store: ServerStore,
    workload: Workload,
    extra: dict[str, str] | None = None,
    beside: str | None = None,
) -> Callable[[Context], Result]:
    """One server (a fresh store) for the three runs, each run on new candidates: a
    server's start costs more than a run here. ``beside``: a role run next to it on the
    same store (the relay as the stack deploys it, in a process of its own)."""

    def run(ctx: Context) -> Result:
        failed, failures, total, lanes = 0, [], 0, 0
        with store(ctx, 0) as (settings, env), contextlib.ExitStack() as companions:
            if beside is not None:
                other = infra.Role(beside, settings, {**env, **(extra or {})}, ctx.scratch)
                companions.enter_context(infra.running(other))
            server = infra.Role(role, settings, {**env, **(extra or {})}, ctx.scratch)
            with infra.running(server):
                key = server.key(data.PARTNER)

                def once(index: int) -> float:
                    nonlocal failed, total, lanes
                    work = workload(ctx, index)
                    posted, seconds = post_all(server.url, key, work)
                    failed += posted.failed
                    failures.extend(posted.failures)
                    total, lanes = sum(size for lane in work for size, _ in lane), len(work)
                    return posted.events / seconds

                values = repeat(once)
                peak = server.peak_kib()
        detail = f"{lanes} client(s), {total:,} events a run in batches of {data.BATCH}"
        detail += f"; failed batches: {failed} in {len(values)} runs"
        if failures:
            detail += f" (answers: {', '.join(sorted(set(failures)))})"
        return result(values, UNIT, Better.HIGHER, detail, {role: peak})

    return run


NO_RELAY = {"OUTREACH_RELAY_IN_INTAKE": "false"}
STACK = frozenset({"postgres", "kafka"})
MEASUREMENTS = [
    Measurement("intake_http:embedded", measure("embedded", sqlite_store, one_client)),
    Measurement("intake_http:intake_sqlite", measure("intake", sqlite_store, one_client, NO_RELAY)),
    Measurement("intake_http:stack_1", measure("intake", stack_store, one_client), needs=STACK),
    Measurement(
        "intake_http:stack_1_relay_apart",
        measure("intake", stack_store, one_client, NO_RELAY, beside="relay"),
        needs=STACK,
    ),
    Measurement(
        "intake_http:stack_4_overlapping",
        measure("intake", stack_store, overlapping),
        needs=STACK,
    ),
    Measurement(
        "intake_http:stack_4_disjoint", measure("intake", stack_store, disjoint), needs=STACK
    ),
]
ROWS = [
    Row(
        "intake over HTTP, embedded (SQLite), 1 client",
        "intake_http:embedded",
        "intake_http:intake_sqlite",
        "the intake role alone (SQLite, no relay)",
    ),
    Row(
        "intake over HTTP, stack intake (PostgreSQL, relay inside), 1 client",
        "intake_http:stack_1",
        "intake:bare_postgres",
        "bare eventsourcing on PostgreSQL, saves of 500",
    ),
    Row(
        "intake over HTTP, stack intake (PostgreSQL), relay in its own process as deployed, "
        "1 client",
        "intake_http:stack_1_relay_apart",
        "intake:bare_postgres",
        "bare eventsourcing on PostgreSQL, saves of 500",
        "the shape of docker-compose.yml and make stack (OUTREACH_RELAY_IN_INTAKE=false)",
    ),
    Row(
        "intake over HTTP, stack intake, 4 clients on overlapping candidates",
        "intake_http:stack_4_overlapping",
        "intake_http:stack_4_disjoint",
        "4 clients on disjoint candidates",
    ),
]
