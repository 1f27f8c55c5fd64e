"""The benchmark's only I/O against the product: the public HTTP API (contract v1)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import httpx

from bench.validity_lib.events import Event

BATCH = 1_000
PROBE_CANDIDATE = "validity-probe-names"


class Api:
    def __init__(self, url: str, key: str, timeout: float = 120.0) -> None:
        headers = {"Authorization": f"Bearer {key}"}
        limits = httpx.Limits(max_connections=16)
        self.client = httpx.Client(base_url=url, headers=headers, timeout=timeout, limits=limits)

    def close(self) -> None:
        self.client.close()

    def post(self, events: Sequence[Event]) -> dict[str, Any]:
        response = self.client.post("/v1/events", json={"events": list(events)})
        if response.status_code != 202:
            raise RuntimeError(f"POST /v1/events: {response.status_code} {response.text[:2000]}")
        body: dict[str, Any] = response.json()
        return body

    def accepts_contact_names(self) -> bool:
        """Whether ``contact.added`` may carry ``name`` (docs/contract.md 2.1): one probe
        event, with a fixed id and content so that running the benchmark again posts a
        duplicate."""
        event = {
            "event_id": "00000000-0000-4000-8000-00000000a11d",
            "type": "contact.added",
            "candidate_id": PROBE_CANDIDATE,
            "occurred_at": "2026-10-01T09:00:00+00:00",
            "data": {"contact_id": "probe", "company": "Probe Inc", "name": "Pat Probe"},
        }
        response = self.client.post("/v1/events", json={"events": [event]})
        if response.status_code == 202:
            return True
        if response.status_code == 422 and "name" in response.text:
            return False
        raise RuntimeError(f"probe: {response.status_code} {response.text[:2000]}")

    def event_count(self, candidate_id: str) -> int | None:
        response = self.client.get(f"/v1/candidates/{candidate_id}/state")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return int(response.json()["events"])

    def diagnosis(self, candidate_id: str, as_of: date) -> dict[str, Any]:
        path = f"/v1/candidates/{candidate_id}/diagnosis"
        response = self.client.get(path, params={"as_of": as_of.isoformat()})
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


def batches(events: Sequence[Event], size: int = BATCH) -> Iterable[Sequence[Event]]:
    for start in range(0, len(events), size):
        yield events[start : start + size]


def post_all(api: Api, passes: Sequence[Sequence[Event]]) -> dict[str, int]:
    """Post each pass in batches of up to 1,000 (a pass never shares a batch with another)."""
    totals = {"batches": 0, "accepted": 0, "duplicates": 0}
    started = time.monotonic()
    for events in passes:
        for batch in batches(events):
            body = api.post(batch)
            totals["batches"] += 1
            totals["accepted"] += int(body["accepted"])
            totals["duplicates"] += int(body["duplicates"])
            if totals["batches"] % 50 == 0:
                rate = (totals["accepted"] + totals["duplicates"]) / (time.monotonic() - started)
                _say(f"  posted {totals['batches']} batches ({rate:,.0f} events/s)")
    return totals


def wait_for(api: Api, expected: dict[str, int], timeout: float, workers: int = 8) -> None:
    """Poll each candidate's state until the read model holds all its events."""
    pending = dict(expected)
    deadline = time.monotonic() + timeout
    with ThreadPoolExecutor(workers) as pool:
        while pending:
            ids = list(pending)
            counts = dict(zip(ids, pool.map(api.event_count, ids), strict=True))
            for candidate_id, count in counts.items():
                if count is not None and count >= pending[candidate_id]:
                    if count > pending[candidate_id]:
                        _say(f"  {candidate_id}: {count} events, expected {pending[candidate_id]}")
                    del pending[candidate_id]
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"{len(pending)} candidates not caught up, e.g. {ids[0]}")
            if pending:
                _say(f"  waiting for the read model: {len(pending)} candidates behind")
                time.sleep(1.0)


def diagnose_all(
    api: Api, wanted: Sequence[tuple[str, date]], workers: int = 8
) -> dict[str, dict[str, Any]]:
    with ThreadPoolExecutor(workers) as pool:
        bodies = pool.map(lambda item: api.diagnosis(*item), wanted)
        return {cid: body for (cid, _), body in zip(wanted, bodies, strict=True)}


def statuses(diagnosis: dict[str, Any]) -> dict[str, str]:
    return {verdict["reason"]: verdict["status"] for verdict in diagnosis["reasons"]}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
