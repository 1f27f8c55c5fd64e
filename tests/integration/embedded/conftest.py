"""An embedded-default server (one process, SQLite) per test, on a free port."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.process import Server, outreach


class Embedded:
    def __init__(self, data_dir: Path) -> None:
        self.env = {"OUTREACH_DATA_DIR": str(data_dir), "OUTREACH_SEED_DEMO": "false"}
        self.server = Server("embedded", self.env, data_dir / "server.log")

    def key(
        self, partner: str = "acme", scopes: str = "events:write,diagnoses:read,audit:read"
    ) -> str:
        return outreach(
            "keys", "create", "--partner", partner, "--scopes", scopes, env=self.env
        ).split()[-1]

    def client(self, key: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.server.url, headers={"Authorization": f"Bearer {key}"}, timeout=30
        )

    def restart(self, crash: bool = False) -> None:
        port = self.server.port
        self.server.kill() if crash else self.server.stop()
        self.server = Server("embedded", self.env, self.server.log_path, port=port).start()


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[Embedded]:
    system = Embedded(tmp_path)
    system.server.start()
    try:
        yield system
    finally:
        system.server.stop()


@pytest.fixture(scope="module")
def shared_embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    """One server for a module whose tests use distinct candidates (starting one costs ~2 s)."""
    system = Embedded(tmp_path_factory.mktemp("embedded"))
    system.server.start()
    try:
        yield system
    finally:
        system.server.stop()


@pytest.fixture(scope="module")
def shared_key(shared_embedded: Embedded) -> str:
    return shared_embedded.key()
