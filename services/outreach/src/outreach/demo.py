"""Loads the demo data set through the public HTTP API, as a partner platform would."""

import time
from datetime import date

import httpx

from outreach.demo_data import SHOWCASE_CANDIDATE, demo_candidates

DEMO_PARTNER = "demo"


def wait_until_up(base_url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{base_url} did not answer within {timeout:.0f} s")
        time.sleep(0.2)


def load_demo(base_url: str, key: str, today: date) -> dict[str, int]:
    """Posts every demo candidate's events; returns accepted and duplicate counts."""
    totals = {"accepted": 0, "duplicates": 0}
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        for events in demo_candidates(today).values():
            response = client.post("/v1/events", json={"events": events})
            response.raise_for_status()
            for name in totals:
                totals[name] += response.json()[name]
    return totals


def showcase_curl(base_url: str, key: str) -> str:
    return (
        f"curl -s -H 'Authorization: Bearer {key}' "
        f"'{base_url}/v1/candidates/{SHOWCASE_CANDIDATE}/diagnosis' | python3 -m json.tool"
    )
