"""Smoke tests: every real server the project uses starts through its script
and serves real clients (kafka-python, kcat, psycopg, SQLAlchemy, HTTP)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from tests.integration.infra.conftest import SMOKE_PARTITIONS
from tests.support.process import free_port
from tests.support.servers import (
    KAFKA_SCRIPT,
    PG_SCRIPT,
    KafkaServer,
    PostgresServer,
    PrometheusServer,
    prometheus_query,
    start_kafka,
    stop_kafka,
    wait_for,
)

Record = tuple[int, int, bytes, bytes]  # partition, offset, key, value


def _produce(producer: KafkaProducer, topic: str, start: int, count: int) -> dict[bytes, set[int]]:
    """Send ``count`` keyed records (20 keys); return the partitions each key went to."""
    futures = []
    for i in range(start, start + count):
        key = f"partner-1/candidate-{i % 20}".encode()
        value = json.dumps({"seq": i, "candidate": i % 20}).encode()
        futures.append((key, producer.send(topic, key=key, value=value)))
    producer.flush(timeout=30)
    partitions: dict[bytes, set[int]] = defaultdict(set)
    for key, future in futures:
        partitions[key].add(future.get(timeout=30).partition)
    return partitions


def _read_all(bootstrap: str, topic: str, expected: int, timeout: float = 30.0) -> list[Record]:
    """Read ``topic`` from the beginning with a group-less consumer."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        partitions = [TopicPartition(topic, p) for p in range(SMOKE_PARTITIONS)]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        records: list[Record] = []
        deadline = time.monotonic() + timeout
        while len(records) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend((r.partition, r.offset, r.key, r.value) for r in batch)
        return sorted(records)
    finally:
        consumer.close()


def _check_keys_in_one_partition(records: list[Record]) -> None:
    by_key: dict[bytes, set[int]] = defaultdict(set)
    last_seq: dict[bytes, int] = {}
    for partition, _offset, key, value in records:
        by_key[key].add(partition)
        seq = json.loads(value)["seq"]
        assert seq > last_seq.get(key, -1), "records of one key must stay in order"
        last_seq[key] = seq
    assert all(len(parts) == 1 for parts in by_key.values()), by_key


@pytest.mark.kafka
def test_kafka_keyed_records_survive_a_broker_restart(kafka: KafkaServer, smoke_topic: str) -> None:
    producer = KafkaProducer(bootstrap_servers=kafka.bootstrap, acks="all", linger_ms=5)
    try:
        sent = _produce(producer, smoke_topic, 0, 300)
        assert all(len(parts) == 1 for parts in sent.values())
        assert len(set().union(*sent.values())) > 1, "20 keys should spread over partitions"

        before = _read_all(kafka.bootstrap, smoke_topic, 300)
        assert len(before) == 300
        _check_keys_in_one_partition(before)
        assert {(key, p) for p, _o, key, _v in before} == {
            (key, p) for key, parts in sent.items() for p in parts
        }

        # Stop and start the broker under the live producer: the data dir
        # keeps the topic and its records, and the producer reconnects.
        stop_kafka(kafka)
        start_kafka(kafka)
        start_kafka(kafka)  # idempotent: already running

        assert _read_all(kafka.bootstrap, smoke_topic, 300) == before
        sent_after = _produce(producer, smoke_topic, 300, 100)
        assert all(sent_after[key] == sent[key] for key in sent_after), "same key, same partition"
    finally:
        producer.close(timeout=10)

    after = _read_all(kafka.bootstrap, smoke_topic, 400)
    assert len(after) == 400
    assert [r for r in after if json.loads(r[3])["seq"] < 300] == before
    _check_keys_in_one_partition(after)


@pytest.mark.kafka
def test_kcat_lists_the_topic(kafka: KafkaServer, smoke_topic: str, kcat: Path) -> None:
    listing = subprocess.run(
        [str(kcat), "-b", kafka.bootstrap, "-L", "-t", smoke_topic],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    assert f'topic "{smoke_topic}" with {SMOKE_PARTITIONS} partitions' in listing


@pytest.mark.postgres
def test_postgres_accepts_writes_and_reads(postgres: PostgresServer) -> None:
    with psycopg.connect(**postgres.connect_kwargs) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS infra_smoke (id int PRIMARY KEY, note text)")
        conn.execute("TRUNCATE infra_smoke")
        conn.execute(
            "INSERT INTO infra_smoke (id, note) VALUES (%s, %s), (%s, %s)",
            (1, "héllo", 2, "wörld"),
        )
        conn.commit()
        rows = conn.execute("SELECT id, note FROM infra_smoke ORDER BY id").fetchall()
    assert rows == [(1, "héllo"), (2, "wörld")]

    # The SQLAlchemy URL points at the same database, as the same role.
    engine = sa.create_engine(postgres.url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM infra_smoke")).scalar_one() == 2
            assert conn.execute(sa.text("SELECT current_user")).scalar_one() == postgres.user
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_pg_script_requires_a_password(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PG_PASSWORD"}
    env["PG_DATA_DIR"] = str(tmp_path / "pg")
    result = subprocess.run(
        ["bash", str(PG_SCRIPT), "up"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "PG_PASSWORD is not set" in result.stderr
    assert not (tmp_path / "pg").exists()


@pytest.mark.postgres
@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs the server as another user")
def test_pg_script_starts_a_cluster_inside_a_private_folder(tmp_path: Path) -> None:
    """A checkout in a 0700 folder (`mktemp -d`, as CI may clone) still gets a server."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    env = {**os.environ, "PG_DATA_DIR": str(private / "pg"), "PG_PORT": str(free_port()),
           "PG_PASSWORD": "a-private-test-password"}  # fmt: skip
    up = subprocess.run(["bash", str(PG_SCRIPT), "up"], env=env, capture_output=True, text=True,
                        timeout=120)  # fmt: skip
    try:
        assert up.returncode == 0, up.stderr
        assert "PostgreSQL is up" in up.stderr
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "down"], env=env, capture_output=True, timeout=60)
    assert private.stat().st_mode & 0o007 == 0o001  # traverse only, no listing


@pytest.mark.prometheus
def test_prometheus_scrapes_itself(prometheus: PrometheusServer) -> None:
    def scraped_up() -> list[dict[str, Any]]:
        result = prometheus_query(prometheus, 'up{job="prometheus"}')
        return [r for r in result if r["value"][1] == "1"]

    # The first scrape comes a few seconds after start-up (target discovery
    # hands out targets at most every 5 s).
    up = wait_for(scraped_up, timeout=30, what="up == 1")
    assert up[0]["metric"]["instance"] == f"127.0.0.1:{prometheus.port}"


def test_kafka_formats_its_storage_when_the_random_cluster_id_starts_with_a_dash(
    tmp_path: Path,
) -> None:
    # The storage tool's parser takes "-t -AbC..." for an option: one fresh start in 64
    # failed so. The first 16 random bytes given here encode to "-_v..."; a second draw
    # must be taken.
    shim = tmp_path / "bin"
    shim.mkdir()
    drawn = tmp_path / "drawn"
    (shim / "head").write_text(
        "#!/usr/bin/env bash\n"
        f'if [[ "$1 $2" == "-c 16" && ! -e {drawn} ]]; then\n'
        f"  touch {drawn}; printf '\\xfb\\xff\\xef%.0s' 1 2 3 4 5; printf '\\x00'; exit 0\n"
        "fi\n"
        'exec /usr/bin/head "$@"\n'
    )
    (shim / "head").chmod(0o755)
    server = KafkaServer(free_port(), free_port(), tmp_path / "kafka")
    env = {"PATH": f"{shim}:{os.environ['PATH']}"}
    try:
        started = subprocess.run(
            ["bash", str(KAFKA_SCRIPT), "up"],
            env={**os.environ, **server.script_env, **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert started.returncode == 0, started.stderr
        assert drawn.exists()  # the dash-led id was drawn, and refused
        [line] = [x for x in started.stderr.splitlines() if "cluster id" in x]
        assert not line.rsplit("cluster id ", 1)[1].startswith("-")
    finally:
        stop_kafka(server)
