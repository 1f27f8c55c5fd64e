"""On SQLite, reads run beside a writer that holds the write lock instead of queueing for
it: an API key check once waited out the busy timeout behind a long projection batch and
answered 500."""

from pathlib import Path

from sqlalchemy import Engine, text

from outreach_platform.database import database_problem, read_only
from outreach_platform.keys import KeyStore
from outreach_platform.readmodel import ReadModel
from tests.support.databases import sqlite_store


def _hold_the_write_lock(engine: Engine) -> object:
    writer = engine.connect()
    writer.begin()  # BEGIN IMMEDIATE: the database's one write lock
    writer.execute(text("UPDATE api_keys SET scopes = scopes"))
    return writer


def test_reads_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    engine = sqlite_store(tmp_path / "outreach.db")
    keys = KeyStore(engine)
    key = keys.create("acme")
    writer = _hold_the_write_lock(engine)
    with engine.connect() as other:  # pysqlite: BEGIN IMMEDIATE would wait 30 s, then fail
        assert other.get_execution_options().get("outreach_read_only") is None
    principal = keys.authenticate(key)
    assert principal is not None
    assert principal.partner == "acme"
    assert ReadModel(engine).positions() == {}
    assert database_problem(engine) is None
    writer.close()  # type: ignore[attr-defined]


def test_read_only_marks_the_connections_of_the_same_pool(tmp_path: Path) -> None:
    engine = sqlite_store(tmp_path / "outreach.db")
    with read_only(engine).connect() as conn:
        assert conn.get_execution_options()["outreach_read_only"] is True
    assert read_only(engine).pool is engine.pool
