"""``--serve``: a throwaway embedded server on a free port with its own data directory.

The server and the key both run as ``python -c 'from outreach.cli import main; main()'``
with a clean ``OUTREACH_*`` environment (no demo data, SQLite in a temporary directory)
and, when given, a ``PYTHONPATH`` that puts another checkout's sources ahead of the
editable installs (to measure, say, a git worktree of HEAD).
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
PYTHON = REPO / ".venv" / "bin" / "python"
ENTRY = "from outreach.cli import main; main()"
SCOPES = "events:write,diagnoses:read,audit:read"


@dataclass(frozen=True)
class Served:
    url: str
    key: str
    data_dir: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(data_dir: Path, port: int, pythonpath: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_")}
    env.update(
        OUTREACH_HOST="127.0.0.1",
        OUTREACH_PORT=str(port),
        OUTREACH_DATA_DIR=str(data_dir),
        OUTREACH_STORE="sqlite",
        OUTREACH_SEED_DEMO="false",
        # It measures answers, not the partner rate limit: one key posts and reads fast.
        OUTREACH_RATE_LIMIT_PER_SECOND="0",
    )
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def create_key(env: dict[str, str], cwd: Path, partner: str = "validity") -> str:
    command = [str(PYTHON), "-c", ENTRY, "keys", "create", "--partner", partner]
    result = subprocess.run(
        [*command, "--scopes", SCOPES], env=env, cwd=cwd, capture_output=True, text=True,
        check=True, timeout=120,
    )  # fmt: skip
    return result.stdout.split()[-1]


@contextmanager
def serve(pythonpath: str | None = None, startup_timeout: float = 60.0) -> Iterator[Served]:
    with tempfile.TemporaryDirectory(prefix="validity-") as tmp:
        data_dir = Path(tmp)
        port = free_port()
        env = server_env(data_dir, port, pythonpath)
        # Outside the data dir, so that it outlives a failed run for the reader.
        log_path = Path(tempfile.gettempdir(), f"validity-server-{port}.log")
        log = log_path.open("w")  # closed in the finally below
        # cwd is the data dir: the admin commands would read var/stack/outreach.env
        # from a repository root while `make stack` runs.
        process = subprocess.Popen(
            [str(PYTHON), "-c", ENTRY, "serve"], env=env, cwd=data_dir, stdout=log, stderr=log
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, process, data_dir, startup_timeout)
            yield Served(url, create_key(env, data_dir), data_dir)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def _wait_healthy(
    url: str, process: subprocess.Popen[bytes], data_dir: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (data_dir / "server.log").read_text()
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the server on {url} did not answer /healthz in {timeout:.0f} s")
