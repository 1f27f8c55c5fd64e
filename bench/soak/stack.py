"""The soak's distributed stack on ports of its own, how each part is killed and brought
back, and how the stores are read at the end.

Kafka, PostgreSQL (the test-server helpers, ``tests/support/servers.py``, on
``bench.soak.env``'s ports and var dir) and the four ``outreach serve ROLE`` processes:
intake (without the relay inside), relay, projection and diagnostics. Every kill is a
``SIGKILL``: of the role's process, of the broker's JVM, of the PostgreSQL postmaster
and all its children at once (a crash: the server recovers from its WAL at restart).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy import Engine, select

from bench.soak import env
from bench.soak.faults import Part
from bench.soak.verify import CandidateKey, EventKey, Observed
from outreach_contract.v1 import EVENT_ADAPTER
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.database import make_engine
from outreach_platform.keys import KeyStore, Scope
from outreach_platform.quarantine import quarantined_events
from outreach_platform.readmodel import ReadModel
from outreach_platform.settings import Settings
from tests.support import servers
from tests.support.databases import settings_of
from tests.support.process import OUTREACH, Server

ROLES = ("intake", "relay", "projection", "diagnostics")
TOPIC = "outreach.events.v1"
RESTART_TIMEOUT = 120.0
log = logging.getLogger("soak.stack")
RECORDED = "%EventRecorded"  # the topic of a recorded event (not a claim or a snapshot)


@dataclass
class SoakStack:
    workdir: Path
    kafka: servers.KafkaServer = field(default_factory=servers.KafkaServer)
    postgres: servers.PostgresServer = field(default_factory=servers.PostgresServer)
    roles: dict[str, Server] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {
            **self.postgres.outreach_env(),
            "OUTREACH_KAFKA_BOOTSTRAP": self.kafka.bootstrap,
            "OUTREACH_KAFKA_TOPIC": TOPIC,
            "OUTREACH_KAFKA_SESSION_TIMEOUT_SECONDS": "3",
            "OUTREACH_RELAY_IN_INTAKE": "false",
            "OUTREACH_DATA_DIR": str(self.workdir / "data"),
            "OUTREACH_SEED_DEMO": "false",
            "OUTREACH_POLL_INTERVAL_SECONDS": "0.05",
        }

    @property
    def settings(self) -> Settings:
        return settings_of(self.env)

    # ------------------------------------------------------------------ up and down

    def up(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)  # the last run's logs
        self.workdir.mkdir(parents=True)
        servers.start_postgres(self.postgres, fresh=True)
        _retrying(lambda: servers.start_kafka(self.kafka, fresh=True))
        ports = iter(_free_ports(env.HTTP_PORTS, len(ROLES)))
        for role in ROLES:  # the intake first: it creates the event store's tables
            self.roles[role] = Server(
                role, self.env, self.workdir / f"{role}.log", port=next(ports)
            )
            _retrying(self.roles[role].start)

    def down(self) -> None:
        for role in reversed(ROLES):
            if role in self.roles:
                self.roles[role].stop()
        with contextlib.suppress(servers.ServerError):
            servers.stop_kafka(self.kafka)
        with contextlib.suppress(servers.ServerError):
            servers.stop_postgres(self.postgres)

    def url(self, role: str) -> str:
        return self.roles[role].url

    def parts(self) -> dict[str, Part]:
        return {
            "relay": Part(lambda: self.roles["relay"].kill(), lambda: self.restart("relay")),
            "projection": Part(
                lambda: self.roles["projection"].kill(), lambda: self.restart("projection")
            ),
            "kafka": Part(
                self.kill_kafka, lambda: _retrying(lambda: servers.start_kafka(self.kafka))
            ),
            "postgres": Part(
                self.kill_postgres, lambda: _retrying(lambda: servers.start_postgres(self.postgres))
            ),
        }

    def restart(self, role: str) -> None:
        def start() -> None:
            old = self.roles[role]
            server = Server(role, old.env, old.log_path, port=old.port)
            self.roles[role] = server
            server.start(wait=False)
            server.wait_healthy(RESTART_TIMEOUT)

        _retrying(start)

    def kill_kafka(self) -> None:
        pid = int((self.kafka.data_dir / "kafka.pid").read_text())
        _sigkill([pid])

    def kill_postgres(self) -> None:
        postmaster = int((self.postgres.data_dir / "postmaster.pid").read_text().split()[0])
        _sigkill([postmaster, *_children(postmaster)])

    def ensure_running(self) -> list[str]:
        """Bring back anything that is not running (a failed restart); say what it was."""
        revived = []
        for role, server in self.roles.items():
            if server.process is None or server.process.poll() is not None:
                self.restart(role)
                revived.append(role)
        return revived

    # ------------------------------------------------------------------ clients

    def keys(self, partners: list[str]) -> dict[str, str]:
        """A key with every scope per partner, made here (the processes made the schema)."""
        engine = make_engine(self.settings.database_url())
        try:
            store = KeyStore(engine)
            return {p: store.create(p, tuple(Scope)) for p in partners}
        finally:
            engine.dispose()

    def inject_poison(self, partner: str, candidate_id: str, envelope: dict[str, object]) -> None:
        """Record an event the fold cannot apply straight into the event store, as an older
        version of the intake accepted it (the contract refuses it at intake now)."""
        with _intake(self.settings) as intake:
            intake.record(
                partner, "k-legacy", [EVENT_ADAPTER.validate_python(envelope)], datetime.now(UTC)
            )

    # ------------------------------------------------------------------ reading

    def observe(self, kcat: str) -> Observed:
        engine = make_engine(self.settings.database_url())
        try:
            return Observed(
                store=self._stored(),
                topic=read_topic(kcat, self.kafka.bootstrap, TOPIC),
                states=read_states(engine),
                quarantined=read_quarantine(engine),
            )
        finally:
            engine.dispose()

    def _stored(self) -> list[tuple[str, CandidateKey]]:
        found: list[tuple[str, CandidateKey]] = []
        with _intake(self.settings) as intake:
            outbox, after = OutboxReader(intake), 0
            while batch := outbox.read(after, 5_000):
                found.extend(
                    (str(i.event.event_id), (i.partner, i.event.candidate_id)) for i in batch
                )
                after = batch[-1].position
        return found

    def progress(self) -> tuple[int, int]:
        """(events in the store, events applied or quarantined): equal once caught up."""
        with psycopg.connect(**self.postgres.connect_kwargs, connect_timeout=5) as conn:
            # The event store's table (eventsourcing names it after the application).
            stored = _count(
                conn, "SELECT count(*) FROM intake_events WHERE topic LIKE %s", RECORDED
            )
            applied = _count(conn, "SELECT coalesce(sum(facts), 0) FROM candidate_states")
            held = _count(conn, "SELECT count(*) FROM quarantined_events")
        return stored, applied + held

    def replay(self, source: str) -> tuple[int, str]:
        """``outreach replay --source SOURCE`` against the stack: its exit code and output.
        Run from the work dir, so that no ``var/stack/outreach.env`` of a developer's stack
        in the repository adds settings."""
        done = subprocess.run(
            [str(OUTREACH), "replay", "--source", source],
            env={**os.environ, **self.env, "COLUMNS": "120"},
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        return done.returncode, done.stdout + done.stderr


@contextlib.contextmanager
def _intake(settings: Settings) -> Iterator[Intake]:
    intake = Intake(env=settings.event_store_env())
    try:
        yield intake
    finally:
        intake.close()


def _free_ports(candidates: range, count: int) -> list[int]:
    free = []
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        free.append(port)
        if len(free) == count:
            return free
    raise RuntimeError(f"fewer than {count} free ports in {candidates}")


def _retrying(start: Callable[[], object], attempts: int = 3) -> None:
    """Start again after a failed start. The soak's ports lie in Linux's ephemeral range
    (32768-60999): while a server is down, a client reconnecting to it can be given its
    very port as a local port (a TCP self-connection) and hold it for a moment, and the
    server's bind then fails with "address in use"."""
    for attempt in range(1, attempts + 1):
        try:
            start()
            return
        except (servers.ServerError, RuntimeError, TimeoutError) as error:
            if attempt == attempts:
                raise
            log.warning("start failed (attempt %d of %d): %s", attempt, attempts, str(error)[:200])
            time.sleep(2)


def _count(conn: psycopg.Connection[tuple[object, ...]], query: str, *args: str) -> int:
    row = conn.execute(query, args).fetchone()
    return int(str(row[0])) if row else 0


def read_topic(kcat: str, bootstrap: str, topic: str) -> list[EventKey]:
    """(partner, event id) of every record on the topic, read by kcat (an independent
    client)."""
    done = subprocess.run(
        [kcat, "-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-J"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    values = (json.loads(json.loads(line)["payload"]) for line in done.stdout.splitlines())
    return [(value["partner"], value["event"]["event_id"]) for value in values]


def read_states(engine: Engine) -> dict[CandidateKey, list[str]]:
    """Each candidate's fact ids as the read model holds them: a fact is a row of
    ``candidate_facts`` (ADR 0011), read back as the diagnostics read it (as
    tests/integration/distributed/streams.py does)."""
    return {
        (state.partner, state.candidate_id): [fact.event_id for fact in state.facts]
        for state in ReadModel(engine).states()
    }


def read_quarantine(engine: Engine) -> list[tuple[str, CandidateKey]]:
    q = quarantined_events.c
    with engine.connect() as conn:
        rows = conn.execute(select(q.event_id, q.partner, q.candidate_id))
        return [(row.event_id, (row.partner, row.candidate_id)) for row in rows]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The command may hold spaces and parentheses: the ppid follows the last ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _sigkill(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie is dead: its parent has not reaped it yet
