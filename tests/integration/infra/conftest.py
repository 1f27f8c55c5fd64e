"""Session fixtures for the infrastructure smoke tests: each starts its own
real server through tests/support/servers.py and always stops it.

These servers use ports and data dirs of their own (var/test/infra-*), apart
from the ones the rest of the suite uses: the smoke tests stop and restart
their broker, which must not disturb a broker shared with other tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka.admin import KafkaAdminClient, NewTopic

from tests.support.servers import (
    KAFKA_TEST_CONTROLLER_PORT,
    KAFKA_TEST_PORT,
    PG_TEST_PORT,
    PROM_TEST_PORT,
    TEST_VAR_DIR,
    KafkaServer,
    PostgresServer,
    PrometheusServer,
    ensure_kcat,
    kafka_server,
    postgres_server,
    prometheus_server,
)

# Offset from the session's test ports so that two runs with their own ports never collide.
INFRA_KAFKA_PORT = KAFKA_TEST_PORT + 200
INFRA_KAFKA_CONTROLLER_PORT = KAFKA_TEST_CONTROLLER_PORT + 200
INFRA_PG_PORT = PG_TEST_PORT + 100
INFRA_PROM_PORT = PROM_TEST_PORT + 200
SMOKE_PARTITIONS = 6


@pytest.fixture(scope="session")
def kafka() -> Iterator[KafkaServer]:
    with kafka_server(
        INFRA_KAFKA_PORT, INFRA_KAFKA_CONTROLLER_PORT, TEST_VAR_DIR / "infra-kafka"
    ) as server:
        yield server


@pytest.fixture(scope="session")
def smoke_topic(kafka: KafkaServer) -> str:
    """A topic with 6 partitions, created through the admin client."""
    name = f"infra.smoke.{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=kafka.bootstrap, client_id="infra-smoke-admin")
    try:
        admin.create_topics(
            [NewTopic(name, num_partitions=SMOKE_PARTITIONS, replication_factor=1)],
            timeout_ms=30_000,
        )
    finally:
        admin.close()
    return name


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with postgres_server(port=INFRA_PG_PORT, data_dir=TEST_VAR_DIR / "infra-postgres") as server:
        yield server


@pytest.fixture(scope="session")
def prometheus() -> Iterator[PrometheusServer]:
    with prometheus_server(
        port=INFRA_PROM_PORT, data_dir=TEST_VAR_DIR / "infra-prometheus"
    ) as server:
        yield server


@pytest.fixture(scope="session")
def kcat() -> Path:
    return Path(ensure_kcat())
