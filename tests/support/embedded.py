"""An embedded-default server (one process, SQLite) on a free port, and its admin CLI."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.process import Server, outreach


class Embedded:
    def __init__(self, data_dir: Path) -> None:
        self.env = {
            "OUTREACH_DATA_DIR": str(data_dir),
            "OUTREACH_SEED_DEMO": "false",
            # Webhook receivers in tests listen on 127.0.0.1.
            "OUTREACH_WEBHOOKS_ALLOW_PRIVATE": "true",
        }
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


@contextmanager
def running_embedded(data_dir: Path) -> Iterator[Embedded]:
    system = Embedded(data_dir)
    system.server.start()
    try:
        yield system
    finally:
        system.server.stop()
