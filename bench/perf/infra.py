"""The real servers and stores a measurement runs on: the run's Kafka and PostgreSQL (the
test-server helpers, on the benchmark's ports), a fresh database or topic per run, the
product's processes on the benchmark's HTTP ports, and their peak memory."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import Engine

from bench.kafka_ceiling import create_topic, delete_topic
from bench.perf import env
from bench.perf.stats import kib_of_vmhwm
from outreach_platform.database import create_schema, make_engine
from outreach_platform.keys import KeyStore, Scope
from outreach_platform.settings import Settings
from tests.support.databases import settings_of
from tests.support.process import Server
from tests.support.servers import KafkaServer, PostgresServer
from tests.support.stack import create_database, drop_database

PARTITIONS = 6


def kafka() -> KafkaServer:
    """The run's broker (started by the runner)."""
    env.require()
    return KafkaServer()


def postgres() -> PostgresServer:
    """The run's PostgreSQL server (started by the runner)."""
    env.require()
    return PostgresServer()


@dataclass(frozen=True)
class PgDatabase:
    server: PostgresServer
    dbname: str

    @property
    def url(self) -> str:
        pg = self.server
        return f"postgresql+psycopg://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{self.dbname}"

    def outreach_env(self) -> dict[str, str]:
        """The ``OUTREACH_*`` settings of a process that stores here."""
        return self.server.outreach_env(self.dbname)

    def settings(self) -> Settings:
        return settings_of(self.outreach_env())


@contextlib.contextmanager
def pg_database(label: str) -> Iterator[PgDatabase]:
    """A new, empty database on the run's server, dropped afterwards."""
    server = postgres()
    dbname = f"bench_{label}_{uuid.uuid4().hex[:8]}"
    create_database(server, dbname)
    try:
        yield PgDatabase(server, dbname)
    finally:
        drop_database(server, dbname)


@contextlib.contextmanager
def pg_engine(label: str, schema: bool = True) -> Iterator[tuple[PgDatabase, Engine]]:
    """``pg_database`` with an engine on it (the product's tables made, unless not
    ``schema``), disposed of before the database is dropped."""
    with pg_database(label) as db:
        engine = make_engine(db.url)
        try:
            if schema:
                create_schema(engine)
            yield db, engine
        finally:
            engine.dispose()


def sqlite_settings(data_dir: Path) -> Settings:
    data_dir.mkdir(parents=True, exist_ok=True)
    return Settings(store="sqlite", data_dir=data_dir)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database, its write-ahead log included."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


@contextlib.contextmanager
def topic(label: str, partitions: int = PARTITIONS) -> Iterator[str]:
    """A new topic on the run's broker, deleted afterwards."""
    name = f"bench.{label}.{uuid.uuid4().hex[:8]}"
    bootstrap = kafka().bootstrap
    create_topic(bootstrap, name, partitions)
    try:
        yield name
    finally:
        delete_topic(bootstrap, name)


# ---------------------------------------------------------------- processes


def http_port() -> int:
    """A free port in the benchmark's range."""
    for port in env.HTTP_PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {env.HTTP_PORTS}")


def vmhwm_kib(pid: int) -> int:
    """A live process's peak resident set (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return kib_of_vmhwm(status) or 0


class Role:
    """``outreach serve ROLE`` on a benchmark port, with its peak memory read before it
    stops. ``settings`` are the same settings as ``env`` (the store it uses), for the keys."""

    def __init__(
        self, role: str, settings: Settings, env: Mapping[str, str], log_dir: Path
    ) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.settings = settings
        # The per-key rate limit is off: a benchmark measures the work behind the limiter
        # (a fast diagnosis is over the default 100 requests/s, and would measure 429s).
        self.env = {"OUTREACH_SEED_DEMO": "false", "OUTREACH_RATE_LIMIT_PER_SECOND": "0", **env}
        self.server = Server(role, self.env, log_dir / f"{role}.log", port=http_port())

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def pid(self) -> int:
        assert self.server.process is not None
        return self.server.process.pid

    def start(self) -> Role:
        self.server.start()
        return self

    def peak_kib(self) -> int:
        return vmhwm_kib(self.pid)

    def key(self, partner: str) -> str:
        """A key with every scope, made in this process (the server made the schema):
        ``outreach keys create`` would cost a few seconds of start-up per run."""
        engine = make_engine(self.settings.database_url())
        try:
            return KeyStore(engine).create(partner, tuple(Scope))
        finally:
            engine.dispose()


def sqlite_env(settings: Settings) -> dict[str, str]:
    return {"OUTREACH_STORE": "sqlite", "OUTREACH_DATA_DIR": str(settings.data_dir)}


@contextlib.contextmanager
def running(role: Role) -> Iterator[Role]:
    role.start()
    try:
        yield role
    finally:
        role.server.stop()


class ConstantApp:
    """A bare FastAPI app answering constant JSON (``bench/perf/constant_app.py``), served
    by uvicorn as ``outreach serve`` serves the product: the ceiling of any GET here."""

    def __init__(self, log_dir: Path) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.port = http_port()
        self.log_path = log_dir / "constant.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ConstantApp:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bench.perf.constant_app", "--port", str(self.port)],
                env=os.environ.copy(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            time.sleep(0.1)
        self.__exit__()
        raise TimeoutError(f"the constant app did not start: {self.log_path}")

    def peak_kib(self) -> int:
        return vmhwm_kib(self.process.pid) if self.process else 0

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
