"""Loads the demo data set through the public HTTP API, as a partner platform would."""

import logging
import time
from datetime import date

import httpx
from sqlalchemy import Engine

from outreach.demo_data import SHOWCASE_CANDIDATE, demo_candidates
from outreach_platform.keys import KeyStore, Scope

DEMO_PARTNER = "demo"
log = logging.getLogger(__name__)


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


def seed(keys: KeyStore, intake_url: str, diagnostics_url: str) -> None:
    """Create a demo key, post the demo data set, and print the key and a curl to try."""
    wait_until_up(intake_url)
    key = keys.create(DEMO_PARTNER, tuple(Scope))
    totals = load_demo(intake_url, key, date.today())
    # Plain print, not rich: a wrapped curl line could not be pasted.
    print(
        f"\nDemo data loaded for partner '{DEMO_PARTNER}' ({totals['accepted']} events new, "
        f"{totals['duplicates']} already there).\nDemo key: {key}\n"
        f"Try:\n  {showcase_curl(diagnostics_url, key)}\n",
        flush=True,
    )


def seed_in_background(engine: Engine, base_url: str) -> None:
    """``seed`` for a worker of the embedded server, once it answers: a failure is logged,
    never fatal, and not retried (a retry would create another key)."""
    try:
        seed(KeyStore(engine), base_url, base_url)
    except Exception:
        log.exception("loading the demo data failed; run `outreach demo` to try again")


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
