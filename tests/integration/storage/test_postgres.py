"""The storage contract on PostgreSQL (the production store), one fresh database per test."""

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from outreach_platform.database import make_engine
from tests.integration.storage.bulk_sql import BulkSqlContract
from tests.integration.storage.contracts import StorageContract
from tests.integration.storage.verdict_contracts import VerdictContract
from tests.support.databases import with_schema
from tests.support.servers import PostgresServer
from tests.support.stack import create_database, drop_database


class TestPostgres(StorageContract, VerdictContract, BulkSqlContract):
    @pytest.fixture
    def dbname(self, postgres: PostgresServer) -> Iterator[str]:
        name = f"storage_{uuid.uuid4().hex[:10]}"
        create_database(postgres, name)
        yield name
        drop_database(postgres, name)

    @pytest.fixture
    def engine(self, postgres: PostgresServer, dbname: str) -> Iterator[Engine]:
        pg = postgres
        engine = with_schema(
            make_engine(
                f"postgresql+psycopg://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{dbname}"
            )
        )
        yield engine
        engine.dispose()  # before the database is dropped

    @pytest.fixture
    def event_store_env(self, postgres: PostgresServer, dbname: str) -> dict[str, str]:
        return {**postgres.eventsourcing_env, "POSTGRES_DBNAME": dbname}
