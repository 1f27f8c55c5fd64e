"""The distributed topology for one test: real processes on a real broker and PostgreSQL.

Each ``Stack`` gets a fresh PostgreSQL database (``CREATE DATABASE`` with a unique
name) and its own Kafka topic and consumer group on the session's shared servers, so
tests never see each other's events. Roles run as real ``outreach serve ROLE``
processes on free ports::

    def test_something(stack: Stack) -> None:
        stack.start("intake")                 # with the relay inside (the default)
        stack.start("projection")
        stack.start("projection", name="projection-2")
        stack.start("diagnostics")
        key = stack.key("acme")
        with stack.client(key) as intake:
            intake.post("/v1/events", json={...})
        stack.kill("projection")              # SIGKILL: a crash
        stack.restart("projection")           # same port, same settings

The ``stack`` fixture (tests/integration/conftest.py) stops every process at teardown
and drops the database; logs stay in the test's ``tmp_path`` (``<name>.log``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
from psycopg import sql
from sqlalchemy import Engine, create_engine

from tests.support.process import Server, outreach
from tests.support.servers import KafkaServer, PostgresServer

ALL_SCOPES = "events:write,diagnoses:read,audit:read"
PARTITIONS = 6


@contextmanager
def superuser(postgres: PostgresServer) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """The ``postgres`` superuser over the cluster's unix socket (trusted, no password)."""
    with psycopg.connect(
        host=str(postgres.data_dir),
        port=postgres.port,
        user="postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        yield conn


def create_database(postgres: PostgresServer, dbname: str) -> None:
    with superuser(postgres) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(dbname), sql.Identifier(postgres.user)
            )
        )


def drop_database(postgres: PostgresServer, dbname: str) -> None:
    with superuser(postgres) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
        )


class Stack:
    """One test's distributed topology: a database, a topic, a group, and named processes."""

    def __init__(self, kafka: KafkaServer, postgres: PostgresServer, workdir: Path) -> None:
        self.kafka = kafka
        self.postgres = postgres
        self.workdir = workdir
        suffix = uuid.uuid4().hex[:10]
        self.dbname = f"outreach_{suffix}"
        self.topic = f"outreach.events.t{suffix}"
        self.group = f"outreach-projection-{suffix}"
        self.env: dict[str, str] = {
            **postgres.outreach_env(self.dbname),
            "OUTREACH_KAFKA_BOOTSTRAP": kafka.bootstrap,
            "OUTREACH_KAFKA_TOPIC": self.topic,
            "OUTREACH_KAFKA_PARTITIONS": str(PARTITIONS),
            "OUTREACH_KAFKA_GROUP": self.group,
            # A killed projection's partitions move after this (the broker's minimum is 6 s
            # by default; the test broker allows less, see server.properties.template).
            "OUTREACH_KAFKA_SESSION_TIMEOUT_SECONDS": "3",
            "OUTREACH_DATA_DIR": str(workdir / "data"),
            "OUTREACH_SEED_DEMO": "false",
            "OUTREACH_POLL_INTERVAL_SECONDS": "0.05",
        }
        self.servers: dict[str, Server] = {}
        self._engine: Engine | None = None
        create_database(postgres, self.dbname)

    # ------------------------------------------------------------------ processes

    def start(
        self,
        role: str,
        name: str | None = None,
        env: Mapping[str, str] | None = None,
        wait: bool = True,
    ) -> Server:
        """Start ``outreach serve ROLE`` as ``name`` (default: the role) on a free port.

        ``env`` adds or overrides settings for this process only (e.g.
        ``{"OUTREACH_RELAY_IN_INTAKE": "false"}`` for an intake without its relay).
        """
        name = name or role
        running = self.servers.get(name)
        if running is not None and running.process is not None and running.process.poll() is None:
            raise RuntimeError(f"{name} is already running")
        server = Server(role, {**self.env, **(env or {})}, self.workdir / f"{name}.log")
        self.servers[name] = server
        return server.start(wait=wait)

    def stop(self, name: str) -> None:
        """A graceful stop (SIGTERM)."""
        self.servers[name].stop()

    def kill(self, name: str) -> None:
        """A crash (SIGKILL)."""
        self.servers[name].kill()

    def restart(self, name: str, crash: bool = False) -> Server:
        """Stop (or kill) ``name`` and start it again with the same role, settings and port."""
        old = self.servers[name]
        old.kill() if crash else old.stop()
        server = Server(old.role, old.env, old.log_path, port=old.port)
        self.servers[name] = server
        return server.start()

    def stop_all(self) -> None:
        for server in self.servers.values():
            server.stop()

    def close(self) -> None:
        """Stop every process and drop the database (the logs stay)."""
        self.stop_all()
        if self._engine is not None:
            self._engine.dispose()
        drop_database(self.postgres, self.dbname)

    # ------------------------------------------------------------------ clients

    def key(self, partner: str = "acme", scopes: str = ALL_SCOPES) -> str:
        """A new API key, made by the ``outreach keys create`` command."""
        output = outreach("keys", "create", "--partner", partner, "--scopes", scopes, env=self.env)
        return output.split()[-1]

    def client(self, key: str, name: str = "intake") -> httpx.Client:
        """An HTTP client for the process ``name``, authorised with ``key``."""
        return httpx.Client(
            base_url=self.servers[name].url, headers={"Authorization": f"Bearer {key}"}, timeout=60
        )

    def url(self, name: str) -> str:
        return self.servers[name].url

    def metrics_targets(self) -> dict[str, str]:
        """Prometheus scrape targets: process name (the job) to ``127.0.0.1:port``."""
        return {name: f"127.0.0.1:{server.port}" for name, server in self.servers.items()}

    @property
    def engine(self) -> Engine:
        """SQLAlchemy engine on this stack's database (read model, keys, relay bookkeeping)."""
        if self._engine is None:
            self._engine = create_engine(self.database_url, pool_pre_ping=True)
        return self._engine

    @property
    def database_url(self) -> str:
        pg = self.postgres
        return f"postgresql+psycopg://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{self.dbname}"

    def event_store_env(self) -> dict[str, str]:
        """The ``eventsourcing`` settings of this stack's event store (for an in-test reader)."""
        return {**self.postgres.eventsourcing_env, "POSTGRES_DBNAME": self.dbname}
