"""`make stack` for real: deploy/stack.sh starts PostgreSQL, Kafka, Prometheus and the five
roles, and the `outreach` command run beside it acts on that stack without flags.

The stack runs on ports moved by STACK_PORT_OFFSET and with its data under var/test/,
so it does not meet a developer's own `make stack` (or the session's test servers).
"""

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.factories import sent
from tests.support.process import OUTREACH, REPO, eventually
from tests.support.servers import TEST_VAR_DIR

OFFSET = 20_000
INTAKE, DIAGNOSTICS = 8001 + OFFSET, 8002 + OFFSET
STACK_SH = REPO / "deploy" / "stack.sh"

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def _clean_env(**extra: str) -> dict[str, str]:
    # The stack's settings must come from its env file, not from this process.
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_")}
    return {**env, "COLUMNS": "200", **extra}


def _stack(command: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = _clean_env(STACK_VAR_DIR=str(home / "var"), STACK_PORT_OFFSET=str(OFFSET))
    return subprocess.run(
        [str(STACK_SH), command], env=env, capture_output=True, text=True, timeout=600
    )


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`outreach ARGS` run from the folder that holds the stack's var/, with no settings."""
    return subprocess.run(
        [str(OUTREACH), *args], cwd=home, env=_clean_env(), capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def home() -> Iterator[Path]:
    folder = TEST_VAR_DIR / "stack-script"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    up = _stack("up", folder)
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        assert f"http://127.0.0.1:{INTAKE}" in up.stdout
        assert (folder / "var" / "stack" / "outreach.env").exists()
        yield folder
    finally:
        down = _stack("down", folder)
        assert down.returncode == 0, down.stdout + down.stderr


def test_the_cli_acts_on_the_running_stack(home: Path) -> None:
    created = _cli(home, "keys", "create", "--partner", "acme")
    assert created.returncode == 0, created.stderr
    key = created.stdout.split()[-1]
    headers = {"Authorization": f"Bearer {key}"}
    events = [sent(f"c{i}") for i in range(20)]
    posted = httpx.post(
        f"http://127.0.0.1:{INTAKE}/v1/events", json={"events": events}, headers=headers
    )
    assert posted.status_code == 202, posted.text

    def projected() -> None:
        state = httpx.get(f"http://127.0.0.1:{DIAGNOSTICS}/v1/candidates/cand-1/state",
                          headers=headers)  # fmt: skip
        assert state.status_code == 200, state.text
        assert state.json()["events"] == 20

    eventually(projected, timeout=60)
    audit = _cli(home, "audit", "cand-1", "--partner", "acme", "--json")
    assert audit.returncode == 0, audit.stderr
    trail = json.loads(audit.stdout)["events"]
    assert len(trail) == 20
    assert all(entry["kafka"] is not None for entry in trail)  # published by the relay

    replay = _cli(home, "replay")
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert "Replaying from Kafka into" in replay.stdout  # the feed the live projection follows
    assert re.search(r"Read 20 events \(20 new", replay.stdout), replay.stdout
    assert "MATCH: the live read model is what the events give" in replay.stdout

    demo = _cli(home, "demo")
    assert demo.returncode == 0, demo.stderr
    assert f"http://127.0.0.1:{DIAGNOSTICS}/v1/candidates/sam-okafor/diagnosis" in demo.stdout
    assert _stack("status", home).returncode == 0


def test_down_stops_everything(home: Path) -> None:
    assert _stack("down", home).returncode == 0
    status = _stack("status", home)
    assert status.returncode == 3, status.stdout
    assert "intake not running" in status.stdout
    assert not (home / "var" / "stack" / "outreach.env").exists()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{INTAKE}/healthz", timeout=2)
