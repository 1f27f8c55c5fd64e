"""SQLAlchemy engines for SQLite (embedded default) and PostgreSQL (production), and the
one explicit step that creates the schema."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, event

# One metadata for every table the services own. Tables are created by ``create_schema``,
# called by the composition root (and a replay for its target), never by a constructor:
# a store built in a test or a tool must not change a database as a side effect.
METADATA = MetaData()
# PostgreSQL advisory lock key ("outr") held while a process creates tables.
SCHEMA_LOCK_KEY = 0x6F757472


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    return engine


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """Hold a database-wide lock while creating tables. Processes that start together on one
    PostgreSQL database (make stack, docker compose) would otherwise race on CREATE TABLE
    and fail on a duplicate type or relation. SQLite serialises writers by itself."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({SCHEMA_LOCK_KEY})")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({SCHEMA_LOCK_KEY})")


def read_only(engine: Engine) -> Engine:
    """The same engine (and pool) for transactions that only read.

    On SQLite every other transaction takes the write lock up front (``BEGIN IMMEDIATE``,
    so that concurrent writers wait instead of failing on upgrade); a read must not: in
    WAL mode it runs beside a writer, whereas queued for the lock behind a long write it
    waited up to the busy timeout and failed (an API key check answered 500 under a
    heavy projection). PostgreSQL ignores the option.
    """
    return engine.execution_options(**{_READ_ONLY: True})


def create_schema(engine: Engine, tables: Iterable[Table] | None = None) -> None:
    """Create the missing tables (default: every table defined so far), under the lock."""
    with schema_lock(engine):
        METADATA.create_all(engine, tables=None if tables is None else list(tables))


def database_problem(engine: Engine) -> str | None:
    """A readiness check: None when the database answers, else what went wrong."""
    try:
        with read_only(engine).connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as error:  # any failure means "not ready", whatever the driver
        return f"database unreachable: {type(error).__name__}"
    return None


_READ_ONLY = "outreach_read_only"


def _sqlite_begin(conn: Connection) -> None:
    # pysqlite's own transaction handling defers BEGIN; writers take the lock up front.
    read = conn.get_execution_options().get(_READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let the "begin" hook issue BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros, not left in free pages: an erased
    # candidate's facts must not stay readable in the file (ADR 0015).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
