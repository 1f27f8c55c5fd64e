"""Session-wide real servers for the integration tests, and a per-test distributed stack.

The Kafka broker and PostgreSQL server start on first use (test ports, data under
``var/test/``; see tests/support/servers.py) and stop when the session ends. Tests never
share data on them: each ``stack`` has its own database, topic and consumer group.
(tests/integration/infra/ runs its own servers: its smoke tests restart their broker.)
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.embedded import Embedded, running_embedded
from tests.support.servers import (
    KafkaServer,
    PostgresServer,
    ensure_kcat,
    kafka_server,
    postgres_server,
)
from tests.support.stack import Stack


@pytest.fixture(scope="session")
def kafka() -> Iterator[KafkaServer]:
    with kafka_server() as server:
        yield server


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def kcat() -> Path:
    return Path(ensure_kcat())


@pytest.fixture
def stack(kafka: KafkaServer, postgres: PostgresServer, tmp_path: Path) -> Iterator[Stack]:
    """A fresh database, topic and group; every process it started is stopped afterwards."""
    system = Stack(kafka, postgres, tmp_path)
    try:
        yield system
    finally:
        system.close()


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[Embedded]:
    """An embedded-default server of its own for one test."""
    with running_embedded(tmp_path) as system:
        yield system


@pytest.fixture(scope="module")
def shared_embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    """One server for a module whose tests use distinct candidates (starting one costs ~2 s)."""
    with running_embedded(tmp_path_factory.mktemp("embedded")) as system:
        yield system
