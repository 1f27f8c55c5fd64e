"""Helpers of the replay and audit tests: the ``outreach`` CLI run as an operator would run
it (same settings, any exit code). The servers: tests/integration/conftest.py."""

import os
import subprocess
from collections.abc import Mapping
from typing import Any

import httpx

from tests.support.process import OUTREACH, eventually


def cli(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """``outreach ARGS`` to completion; the caller checks the exit code."""
    return subprocess.run(
        [str(OUTREACH), *args],
        env={**os.environ, **env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def post(client: httpx.Client, events: list[dict[str, Any]]) -> dict[str, Any]:
    response = client.post("/v1/events", json={"events": events})
    assert response.status_code == 202, response.text
    body: dict[str, Any] = response.json()
    return body


def wait_projected(client: httpx.Client, candidate: str, events: int) -> None:
    def check() -> None:
        response = client.get(f"/v1/candidates/{candidate}/state")
        assert response.status_code == 200, response.text
        assert response.json()["events"] == events

    eventually(check)
