"""SIGTERM stops a process cleanly: work in hand committed, position recorded, exit 0."""

import signal
from pathlib import Path

from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.feeds import EVENT_STORE_FEED
from outreach_platform.keys import KeyStore
from outreach_platform.readmodel import ReadModel
from tests.support.databases import sqlite_store
from tests.support.embedded import Embedded
from tests.support.factories import sent
from tests.support.process import Server, eventually

SHUTDOWN_SECONDS = 6
CANDIDATES, BATCHES, PER_BATCH = 4, 4, 1_000


def test_sigterm_exits_0_and_a_restart_loses_and_doubles_nothing(tmp_path: Path) -> None:
    system = Embedded(tmp_path)
    system.env["OUTREACH_SHUTDOWN_SECONDS"] = str(SHUTDOWN_SECONDS)
    # A key made in the store directly: quicker than the CLI, and the same table.
    key = KeyStore(sqlite_store(tmp_path / "outreach.db")).create("acme")
    system.server.start()
    with system.client(key) as client:
        for n in range(BATCHES):
            events = [
                sent(f"c{n}-{i}", candidate_id=f"stop-{i % CANDIDATES}") for i in range(PER_BATCH)
            ]
            assert client.post("/v1/events", json={"events": events}).status_code == 202
    # Stopped while the projection is most likely still catching up.
    assert _terminate(system.server) == 0, system.server.log_tail()

    newest = _newest_recorded_position(tmp_path)
    readmodel = ReadModel(sqlite_store(tmp_path / "outreach.db"))
    stopped_at = readmodel.positions().get(EVENT_STORE_FEED, 0)
    assert stopped_at <= newest

    system.server = Server("embedded", system.env, system.server.log_path).start()
    eventually(lambda: _caught_up(readmodel, newest), timeout=120)
    assert _terminate(system.server) == 0, system.server.log_tail()
    for i in range(CANDIDATES):  # every event applied once: none lost, none doubled
        state = readmodel.get("acme", f"stop-{i}")
        assert state is not None
        assert len(state.facts) == BATCHES * PER_BATCH // CANDIDATES


def _terminate(server: Server) -> int:
    """SIGTERM, then the exit code; a process still running past the bound fails here."""
    assert server.process is not None
    server.process.send_signal(signal.SIGTERM)
    return server.process.wait(timeout=SHUTDOWN_SECONDS + 10)  # + the interpreter's exit


def _newest_recorded_position(data_dir: Path) -> int:
    store = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(data_dir / "events.db"),
    }
    intake = Intake(env=store)
    try:
        return OutboxReader(intake).read(0, BATCHES * PER_BATCH)[-1].position
    finally:
        intake.close()


def _caught_up(readmodel: ReadModel, newest: int) -> None:
    assert readmodel.positions().get(EVENT_STORE_FEED) == newest
