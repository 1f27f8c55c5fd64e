"""Freshness of the distributed stack: intake (relay inside) → Kafka → projection →
PostgreSQL read model → diagnostics, each an ``outreach serve ROLE`` process (the roles
``tests/support/stack.py`` runs, with the product's default poll interval).

Four clients offer a steady rate (1,000 or 2,000 events/s, batches of 100, on a schedule:
a client that falls behind does not catch up, so the achieved rate shows what the stack
took) for a bounded time. Every fourth batch carries the registration of a new *probe*
candidate; a poller asks ``/state`` for the oldest probes not yet visible until each
answers 200: that is its 202-to-visible time. The lag is how long after the load stopped
the last probe became visible (bounded: past the bound it is reported as "over").
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.perf import data, infra
from bench.perf.measure import Context, Measurement, Result, repeat, result
from bench.perf.report import Row
from bench.perf.stats import Better, percentile
from tests.support.process import Server
from tests.support.stack import Stack

UNIT = "events/s"
CLIENTS = 4
BATCH = 100
PROBE_EVERY = 4
DRAIN_LIMIT_S = 90.0
ROLES = ("intake", "projection", "diagnostics")


@dataclass
class Probes:
    pending: deque[tuple[float, str]] = field(default_factory=deque)
    seen: list[float] = field(default_factory=list)
    last_visible: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def posted(self, at: float, candidate_id: str) -> None:
        with self.lock:
            self.pending.append((at, candidate_id))

    def oldest(self, count: int) -> list[tuple[float, str]]:
        with self.lock:
            return list(self.pending)[:count]

    def visible(self, probe: tuple[float, str], at: float) -> None:
        with self.lock:
            self.pending.remove(probe)
            self.seen.append(at - probe[0])
            self.last_visible = at


def poll(url: str, key: str, probes: Probes, stop: threading.Event) -> None:
    """Oldest first: probes become visible roughly in the order they were posted, so a
    few requests per round find each one soon after it shows, at a bounded load."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as http:
        while not stop.is_set():
            for probe in probes.oldest(3):
                if http.get(f"/v1/candidates/{probe[1]}/state").status_code != 200:
                    break
                probes.visible(probe, time.perf_counter())
            stop.wait(0.02)


def lane_batches(rate: int, seconds: float, run: str, lane: int) -> list[list[data.Envelope]]:
    """This client's share of the load: candidates of its own, 40 events each."""
    events = int(rate * seconds / CLIENTS) + BATCH
    feed = data.population(f"f{run}-{lane}", max(events // 40, 1), 40)
    return data.batches(feed, BATCH)


@dataclass
class Load:
    accepted: int = 0
    failed: int = 0
    finished: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def offer(
    url: str, key: str, rate: int, seconds: float, run: str, probes: Probes
) -> tuple[Load, float]:
    """Post on schedule for ``seconds``; returns what was accepted and when it began."""
    lanes = [lane_batches(rate, seconds, run, lane) for lane in range(CLIENTS)]
    interval = BATCH * CLIENTS / rate  # between one client's batches
    load, start = Load(), time.perf_counter() + 0.5

    def client(lane: int) -> None:
        headers = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
            for index, batch in enumerate(lanes[lane]):
                due = start + (index + lane / CLIENTS) * interval
                if due - start >= seconds:
                    return
                time.sleep(max(due - time.perf_counter(), 0))
                probe = f"probe-{run}-{lane}-{index}" if index % PROBE_EVERY == 0 else None
                extra = data.history(probe, 1) if probe else []
                answer = http.post("/v1/events", json={"events": extra + batch})
                done = time.perf_counter()
                with load.lock:
                    load.finished = max(load.finished, done)
                    if answer.status_code == 202:
                        load.accepted += len(batch)
                    else:
                        load.failed += 1
                if probe and answer.status_code == 202:
                    probes.posted(done, probe)

    threads = [threading.Thread(target=client, args=(lane,)) for lane in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load, start


def start_stack(workdir: Path) -> Stack:
    stack = Stack(infra.kafka(), infra.postgres(), workdir)
    stack.env.pop("OUTREACH_POLL_INTERVAL_SECONDS", None)  # the product's default
    for role in ROLES:
        env = {**stack.env, "OUTREACH_SEED_DEMO": "false"}
        server = Server(role, env, workdir / f"{role}.log", port=infra.http_port())
        stack.servers[role] = server
        server.start()
    return stack


def freshness(rate: int) -> Callable[[Context], Result]:
    """One stack for the three runs (its start costs more than a run), each run with new
    candidates and probes, after the previous run's probes all showed (or the bound)."""

    def run(ctx: Context) -> Result:
        seconds = 3.0 if ctx.quick else 20.0
        offered = 200 if ctx.quick else rate
        peaks: dict[str, int] = {}
        notes: list[str] = []
        stack = start_stack(ctx.scratch)
        try:
            key = stack.key(data.PARTNER)

            def once(index: int) -> float:
                probes, stop = Probes(), threading.Event()
                poller = threading.Thread(
                    target=poll, args=(stack.url("diagnostics"), key, probes, stop)
                )
                poller.start()
                label = f"{rate}r{index}"
                load, began = offer(stack.url("intake"), key, offered, seconds, label, probes)
                deadline = time.perf_counter() + DRAIN_LIMIT_S
                while probes.pending and time.perf_counter() < deadline:
                    time.sleep(0.1)
                stop.set()
                poller.join()
                notes.append(describe(load, probes))
                return load.accepted / (load.finished - began)

            values = repeat(once, budget_s=45.0)
            for name, server in stack.servers.items():
                assert server.process is not None
                peaks[name] = infra.vmhwm_kib(server.process.pid)
        finally:
            stack.close()
        shape = f"{seconds:.0f} s of load a run, {CLIENTS} clients, batches of {BATCH}"
        detail = "; ".join([shape, *(f"run {i + 1}: {note}" for i, note in enumerate(notes))])
        return result(values, UNIT, Better.HIGHER, detail, peaks)

    return run


def describe(load: Load, probes: Probes) -> str:
    if not probes.seen and not probes.pending:
        return f"no probe posted; failed batches {load.failed}"
    # A probe still invisible at the bound counts as the bound: the figures are then floors.
    waits = probes.seen + [DRAIN_LIMIT_S] * len(probes.pending)
    if probes.pending:
        lag = f"{len(probes.pending)} probes still invisible {DRAIN_LIMIT_S:.0f} s after"
    else:
        lag = f"lag {max(probes.last_visible - load.finished, 0):.1f} s after the load stopped"
    return (
        f"202-to-visible p50 {percentile(waits, 50):.2f} s, p99 {percentile(waits, 99):.2f} s "
        f"({len(waits)} probes); {lag}; failed batches {load.failed}"
    )


STACK = frozenset({"kafka", "postgres"})
MEASUREMENTS = [
    Measurement(f"freshness:offered_{rate}", freshness(rate), needs=STACK)
    for rate in (1_000, 2_000)
]
ROWS = [
    Row(
        f"freshness, offered {rate:,} events/s to the stack (achieved)",
        f"freshness:offered_{rate}",
        fixed_ceiling=float(rate),
        ceiling_label="offered",
    )
    for rate in (1_000, 2_000)
]
