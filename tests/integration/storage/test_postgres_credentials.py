"""A database password with URL syntax in it (@ / : # %) works for every store we open."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from psycopg import sql

from outreach_contract.v1 import EventBatch
from outreach_intake.application import Intake
from outreach_platform.database import make_engine
from outreach_platform.settings import Settings
from tests.support.factories import sent
from tests.support.servers import PostgresServer
from tests.support.stack import create_database, drop_database, superuser

AWKWARD = "p@ss/w:rd#%25 x?&="


@pytest.fixture
def settings(postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    role, dbname = f"odd_{uuid.uuid4().hex[:8]}", f"odd_{uuid.uuid4().hex[:8]}"
    with superuser(postgres) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(AWKWARD)
            )
        )
    create_database(postgres, dbname)
    with superuser(postgres) as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(dbname), sql.Identifier(role)
            )
        )
    for key, value in {
        "OUTREACH_STORE": "postgres",
        "OUTREACH_PG_HOST": postgres.host,
        "OUTREACH_PG_PORT": str(postgres.port),
        "OUTREACH_PG_USER": role,
        "OUTREACH_PG_PASSWORD": AWKWARD,
        "OUTREACH_PG_DBNAME": dbname,
    }.items():
        monkeypatch.setenv(key, value)
    yield Settings()
    drop_database(postgres, dbname)
    with superuser(postgres) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def test_the_read_model_and_the_event_store_connect_with_an_awkward_password(
    settings: Settings,
) -> None:
    engine = make_engine(settings.database_url())
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT current_user").scalar() == settings.pg_user
    finally:
        engine.dispose()
    intake = Intake(env=settings.event_store_env())
    try:
        batch = EventBatch.model_validate({"events": [sent("a")]}).events
        assert intake.record("acme", "k", batch, datetime.now(UTC)).accepted == 1
    finally:
        intake.close()
