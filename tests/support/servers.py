"""Start and stop the real servers the integration tests need.

Each server is a local process run by its script under ``deploy/`` (no Docker):
``deploy/kafka/kafka.sh``, ``deploy/postgres/pg.sh``,
``deploy/prometheus/prometheus.sh``. The scripts install what is missing
(Debian packages, the Kafka jars) on first use, so a fresh machine needs
nothing more than ``make test``.

The helpers use test ports that do not clash with the development defaults
(Kafka 19092/19093, PostgreSQL 15432, Prometheus 19090) and data directories
under ``var/test/`` (``kafka/``, ``postgres/``, ``prometheus/``), wiped when a
session starts a server and left in place afterwards so that the logs of a
failed run can be read. Every default can be overridden by environment
variable: ``OUTREACH_TEST_VAR_DIR``, ``OUTREACH_TEST_KAFKA_PORT``,
``OUTREACH_TEST_KAFKA_CONTROLLER_PORT``, ``OUTREACH_TEST_PG_PORT``,
``OUTREACH_TEST_PROM_PORT``.

Typical fixtures (session scope)::

    @pytest.fixture(scope="session")
    def kafka() -> Iterator[KafkaServer]:
        with kafka_server() as server:
            yield server

    def test_survives_broker_restart(kafka: KafkaServer) -> None:
        ...
        stop_kafka(kafka)
        start_kafka(kafka)   # same data dir: topics and records are kept

The context managers always stop what they started, and a process-exit hook
stops whatever is still running (an interrupted session, say).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY_DIR = REPO_ROOT / "deploy"
KAFKA_SCRIPT = DEPLOY_DIR / "kafka" / "kafka.sh"
PG_SCRIPT = DEPLOY_DIR / "postgres" / "pg.sh"
PROM_SCRIPT = DEPLOY_DIR / "prometheus" / "prometheus.sh"
KCAT_SCRIPT = DEPLOY_DIR / "tools" / "ensure-kcat.sh"
ENSURE_PROMETHEUS_SCRIPT = DEPLOY_DIR / "prometheus" / "ensure-prometheus.sh"

TEST_MASTER_KEY = "dGVzdHMtb25seS1tYXN0ZXIta2V5LW9mLTMyLWJ5dGU"  # 32 bytes, base64url


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


TEST_VAR_DIR = Path(os.environ.get("OUTREACH_TEST_VAR_DIR") or REPO_ROOT / "var" / "test")
KAFKA_TEST_PORT = _env_int("OUTREACH_TEST_KAFKA_PORT", 19092)
KAFKA_TEST_CONTROLLER_PORT = _env_int("OUTREACH_TEST_KAFKA_CONTROLLER_PORT", 19093)
PG_TEST_PORT = _env_int("OUTREACH_TEST_PG_PORT", 15432)
PROM_TEST_PORT = _env_int("OUTREACH_TEST_PROM_PORT", 19090)

PG_TEST_USER = "outreach"
PG_TEST_PASSWORD = "outreach-test-password"
PG_TEST_DBNAME = "outreach_test"

# Generous: the first start on a fresh machine installs Debian packages or
# downloads the Kafka jars. The scripts bound their own waits for the server.
START_TIMEOUT_S = 900.0
STOP_TIMEOUT_S = 120.0


class ServerError(RuntimeError):
    """A server script failed; the message carries its output."""


def _run_script(
    script: Path, command: str, env: Mapping[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """Run ``script command`` with ``env`` added to the environment."""
    try:
        result = subprocess.run(
            ["bash", str(script), command],
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ServerError(f"{script.name} {command} did not finish in {timeout:.0f}s") from exc
    if result.returncode != 0:
        raise ServerError(
            f"{script.name} {command} failed (exit {result.returncode})\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )
    return result


# Servers started and not yet stopped, by (script, data dir): stopped at exit.
_running: dict[tuple[str, Path], Callable[[], None]] = {}


def _mark_running(script: Path, data_dir: Path, stop: Callable[[], None]) -> None:
    _running[(script.name, data_dir)] = stop


def _mark_stopped(script: Path, data_dir: Path) -> None:
    _running.pop((script.name, data_dir), None)


@atexit.register
def stop_all() -> None:
    """Stop every server these helpers started and have not stopped yet."""
    for stop in list(_running.values()):
        # Best effort at exit; the next session's start cleans up anyway.
        with contextlib.suppress(ServerError):
            stop()


def _wipe(data_dir: Path, stop: Callable[[], None]) -> None:
    """Stop a server left running on ``data_dir`` (an interrupted session), then empty it."""
    if data_dir.exists():
        stop()
        shutil.rmtree(data_dir)
    data_dir.parent.mkdir(parents=True, exist_ok=True)


# --------------------------------------------------------------------- Kafka


@dataclass(frozen=True)
class KafkaServer:
    """A single-node Kafka broker (KRaft) on 127.0.0.1."""

    port: int = KAFKA_TEST_PORT
    controller_port: int = KAFKA_TEST_CONTROLLER_PORT
    data_dir: Path = field(default_factory=lambda: TEST_VAR_DIR / "kafka")

    @property
    def bootstrap(self) -> str:
        """``bootstrap_servers`` for clients: ``127.0.0.1:<port>``."""
        return f"127.0.0.1:{self.port}"

    @property
    def script_env(self) -> dict[str, str]:
        return {
            "KAFKA_PORT": str(self.port),
            "KAFKA_CONTROLLER_PORT": str(self.controller_port),
            "KAFKA_DATA_DIR": str(self.data_dir),
        }

    @property
    def server_log(self) -> Path:
        return self.data_dir / "server.log"


def start_kafka(server: KafkaServer | None = None, *, fresh: bool = False) -> KafkaServer:
    """Start the broker (no-op if running) and wait until it serves clients.

    ``fresh=True`` stops a broker left on the data dir and wipes it first;
    otherwise topics and records from the last run are kept (restarts).
    """
    server = server or KafkaServer()
    if fresh:
        _wipe(server.data_dir, lambda: stop_kafka(server))
    _mark_running(KAFKA_SCRIPT, server.data_dir, lambda: stop_kafka(server))
    _run_script(KAFKA_SCRIPT, "up", server.script_env, START_TIMEOUT_S)
    return server


def stop_kafka(server: KafkaServer | None = None) -> None:
    """Stop the broker (SIGTERM, then SIGKILL); no-op if it is not running."""
    server = server or KafkaServer()
    _run_script(KAFKA_SCRIPT, "down", server.script_env, STOP_TIMEOUT_S)
    _mark_stopped(KAFKA_SCRIPT, server.data_dir)


def restart_kafka(server: KafkaServer) -> None:
    """Stop and start the broker on the same data dir (topics survive)."""
    stop_kafka(server)
    start_kafka(server)


@contextmanager
def kafka_server(
    port: int = KAFKA_TEST_PORT,
    controller_port: int = KAFKA_TEST_CONTROLLER_PORT,
    data_dir: Path | None = None,
) -> Iterator[KafkaServer]:
    """A broker on a wiped data dir, stopped on exit whatever happens."""
    server = KafkaServer(port, controller_port, data_dir or TEST_VAR_DIR / "kafka")
    try:
        yield start_kafka(server, fresh=True)
    finally:
        stop_kafka(server)


# ---------------------------------------------------------------- PostgreSQL


@dataclass(frozen=True)
class PostgresServer:
    """A PostgreSQL server on 127.0.0.1 with one login role and its database."""

    port: int = PG_TEST_PORT
    user: str = PG_TEST_USER
    password: str = PG_TEST_PASSWORD
    dbname: str = PG_TEST_DBNAME
    data_dir: Path = field(default_factory=lambda: TEST_VAR_DIR / "postgres")
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        """SQLAlchemy URL: ``postgresql+psycopg://user:pw@127.0.0.1:port/db``."""
        return self._url("postgresql+psycopg")

    @property
    def dsn(self) -> str:
        """libpq / psycopg URL: ``postgresql://user:pw@127.0.0.1:port/db``."""
        return self._url("postgresql")

    def outreach_env(self, dbname: str | None = None) -> dict[str, str]:
        """The ``OUTREACH_*`` settings of a process that stores in ``dbname`` here."""
        return {
            "OUTREACH_STORE": "postgres",
            "OUTREACH_PG_HOST": self.host,
            "OUTREACH_PG_PORT": str(self.port),
            "OUTREACH_PG_USER": self.user,
            "OUTREACH_PG_PASSWORD": self.password,
            "OUTREACH_PG_DBNAME": dbname or self.dbname,
            # A fixed master key for the test databases (ADR 0015): every process of one
            # database must wrap and unwrap with the same one.
            "OUTREACH_MASTER_KEY": TEST_MASTER_KEY,
        }

    def _url(self, scheme: str) -> str:
        user = urllib.parse.quote(self.user, safe="")
        password = urllib.parse.quote(self.password, safe="")
        dbname = urllib.parse.quote(self.dbname, safe="")
        return f"{scheme}://{user}:{password}@{self.host}:{self.port}/{dbname}"

    @property
    def connect_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``psycopg.connect(**kwargs)``."""
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "dbname": self.dbname,
        }

    @property
    def eventsourcing_env(self) -> dict[str, str]:
        """Environment for an eventsourcing application persisting here."""
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_DBNAME": self.dbname,
        }

    @property
    def script_env(self) -> dict[str, str]:
        return {
            "PG_PORT": str(self.port),
            "PG_USER": self.user,
            "PG_PASSWORD": self.password,
            "PG_DBNAME": self.dbname,
            "PG_DATA_DIR": str(self.data_dir),
        }

    @property
    def server_log(self) -> Path:
        return self.data_dir / "log" / "postgres.log"


def start_postgres(server: PostgresServer | None = None, *, fresh: bool = False) -> PostgresServer:
    """Start the server (no-op if running), creating role and database if missing.

    ``fresh=True`` stops a server left on the data dir and wipes it first.
    """
    server = server or PostgresServer()
    if fresh:
        _wipe(server.data_dir, lambda: stop_postgres(server))
    _mark_running(PG_SCRIPT, server.data_dir, lambda: stop_postgres(server))
    _run_script(PG_SCRIPT, "up", server.script_env, START_TIMEOUT_S)
    return server


def stop_postgres(server: PostgresServer | None = None) -> None:
    """Fast shutdown; no-op if it is not running."""
    server = server or PostgresServer()
    _run_script(PG_SCRIPT, "down", server.script_env, STOP_TIMEOUT_S)
    _mark_stopped(PG_SCRIPT, server.data_dir)


@contextmanager
def postgres_server(
    port: int = PG_TEST_PORT,
    user: str = PG_TEST_USER,
    password: str = PG_TEST_PASSWORD,
    dbname: str = PG_TEST_DBNAME,
    data_dir: Path | None = None,
) -> Iterator[PostgresServer]:
    """A server on a wiped data dir, stopped on exit whatever happens."""
    server = PostgresServer(port, user, password, dbname, data_dir or TEST_VAR_DIR / "postgres")
    try:
        yield start_postgres(server, fresh=True)
    finally:
        stop_postgres(server)


# ---------------------------------------------------------------- Prometheus


@dataclass(frozen=True)
class PrometheusServer:
    """A Prometheus server on 127.0.0.1 (lifecycle API enabled)."""

    config: Path
    port: int = PROM_TEST_PORT
    data_dir: Path = field(default_factory=lambda: TEST_VAR_DIR / "prometheus")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def script_env(self) -> dict[str, str]:
        return {
            "PROM_PORT": str(self.port),
            "PROM_CONFIG": str(self.config),
            "PROM_DATA_DIR": str(self.data_dir),
        }

    @property
    def server_log(self) -> Path:
        return self.data_dir / "prometheus.log"


def write_prometheus_config(
    path: Path,
    jobs: Mapping[str, list[str]],
    scrape_interval: str = "1s",
    rule_files: list[Path] | None = None,
    credentials_file: Path | None = None,
) -> Path:
    """Write a prometheus.yml scraping ``jobs`` (job name -> ``host:port`` targets),
    sending ``Authorization: Bearer <the file's content>`` if a ``credentials_file`` is
    given (the processes' ``OUTREACH_METRICS_TOKEN``).

    JSON is valid YAML, so no YAML library is needed.
    """
    config: dict[str, Any] = {
        "global": {"scrape_interval": scrape_interval, "evaluation_interval": scrape_interval},
        "scrape_configs": [
            {"job_name": job, "static_configs": [{"targets": targets}]}
            for job, targets in jobs.items()
        ],
    }
    if credentials_file is not None:
        auth = {"type": "Bearer", "credentials_file": str(credentials_file)}
        for job in config["scrape_configs"]:
            job["authorization"] = auth
    if rule_files:
        config["rule_files"] = [str(p) for p in rule_files]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n")
    return path


def start_prometheus(server: PrometheusServer, *, fresh: bool = False) -> PrometheusServer:
    """Start the server and wait for ``/-/ready``; if running, reload its config.

    ``fresh=True`` stops a server left on the data dir and wipes it first.
    """
    if fresh:
        _wipe(server.data_dir, lambda: stop_prometheus(server))
    _mark_running(PROM_SCRIPT, server.data_dir, lambda: stop_prometheus(server))
    _run_script(PROM_SCRIPT, "up", server.script_env, START_TIMEOUT_S)
    return server


def stop_prometheus(server: PrometheusServer) -> None:
    """SIGTERM (then SIGKILL); no-op if it is not running."""
    _run_script(PROM_SCRIPT, "down", server.script_env, STOP_TIMEOUT_S)
    _mark_stopped(PROM_SCRIPT, server.data_dir)


@contextmanager
def prometheus_server(
    config: Path | None = None,
    port: int = PROM_TEST_PORT,
    data_dir: Path | None = None,
) -> Iterator[PrometheusServer]:
    """A server on a wiped data dir, stopped on exit whatever happens.

    Without ``config`` it scrapes only itself, every second (the config is
    written next to the data dir: ``<data_dir>.yml``).
    """
    data_dir = data_dir or TEST_VAR_DIR / "prometheus"
    if config is None:
        config = data_dir.with_name(data_dir.name + ".yml")
        write_prometheus_config(config, {"prometheus": [f"127.0.0.1:{port}"]})
    server = PrometheusServer(config, port, data_dir)
    try:
        yield start_prometheus(server, fresh=True)
    finally:
        stop_prometheus(server)


def prometheus_query(server: PrometheusServer, expr: str, timeout: float = 5.0) -> list[Any]:
    """Run an instant query through ``/api/v1/query``; return ``data.result``."""
    url = f"{server.base_url}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise ServerError(f"Prometheus query {expr!r} failed: {body}")
    result: list[Any] = body["data"]["result"]
    return result


# ---------------------------------------------------------------------- kcat


def ensure_kcat() -> str:
    """Install kcat if missing; return the path of its binary."""
    result = _run_script(KCAT_SCRIPT, "", {}, START_TIMEOUT_S)
    return result.stdout.strip().splitlines()[-1]


def ensure_promtool() -> Path:
    """promtool from PATH; on a fresh machine the project's script installs it first."""
    found = shutil.which("promtool")
    if found is None:
        subprocess.run(["bash", str(ENSURE_PROMETHEUS_SCRIPT)], check=True, timeout=600)
        found = shutil.which("promtool")
    assert found is not None, f"{ENSURE_PROMETHEUS_SCRIPT} ran but promtool is not on PATH"
    return Path(found)


CHROMIUM_SCRIPT = DEPLOY_DIR / "tools" / "ensure-chromium.sh"


def ensure_chromium() -> str:
    """Debian's chromium from PATH, installed by the project's script if missing."""
    found = shutil.which("chromium")
    if found is None:
        subprocess.run(["bash", str(CHROMIUM_SCRIPT)], check=True, timeout=900)
        found = shutil.which("chromium")
    assert found is not None, f"{CHROMIUM_SCRIPT} ran but chromium is not on PATH"
    return found


# ------------------------------------------------------------------- waiting

T = TypeVar("T")


def wait_for(
    probe: Callable[[], T | None],
    timeout: float = 30.0,
    interval: float = 0.2,
    what: str = "condition",
) -> T:
    """Call ``probe`` until it returns something truthy; return that value.

    Raises ``TimeoutError`` after ``timeout`` seconds; exceptions from the
    probe count as "not yet" and the last one is chained.
    """
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            value = probe()
            if value:
                return value
        except Exception as exc:
            last_error = exc
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what} not met within {timeout:.0f}s") from last_error
        time.sleep(interval)
