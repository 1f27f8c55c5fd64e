"""The storage contract on SQLite files (the embedded default)."""

from pathlib import Path

import pytest
from sqlalchemy import Engine

from outreach_platform.database import make_engine
from tests.integration.storage.bulk_sql import BulkSqlContract
from tests.integration.storage.contracts import StorageContract
from tests.integration.storage.verdict_contracts import VerdictContract
from tests.support.databases import with_schema


class SQLiteStores:
    @pytest.fixture
    def engine(self, tmp_path: Path) -> Engine:
        return with_schema(make_engine(f"sqlite:///{tmp_path / 'outreach.db'}"))

    @pytest.fixture
    def event_store_env(self, tmp_path: Path) -> dict[str, str]:
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "events.db"),
            "SQLITE_LOCK_TIMEOUT": "10",
        }


class TestSQLite(SQLiteStores, StorageContract, VerdictContract, BulkSqlContract):
    pass


class TestSQLiteVerdictsThroughTheService(SQLiteStores, VerdictContract):
    """The verdict contract again with the diagnostics process's source: the service's
    cached states and kept diagnoses must store exactly what fresh reads store. Its SQL
    is the read model's, which the contract above runs on both stores."""

    through_service = True
