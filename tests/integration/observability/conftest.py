"""The distributed stack under a realistic load, scraped by a real Prometheus.

One module-scoped ``observed`` fixture does the expensive part once for every test:

1. a ``Stack`` (tests/support/stack.py) on the session's Kafka broker and PostgreSQL:
   ``intake`` (without its relay), ``relay``, ``projection`` and ``diagnostics`` (flags
   refreshed every 2 s), each a real ``outreach serve ROLE`` process;
2. Prometheus (deploy/prometheus/alerts.yml loaded) scraping them every second, with
   the job names of prometheus.local.yml, which the dashboards' ``$service`` uses;
3. the load (load.py): the demo data, a stream of events from two more partners with
   duplicates, bad requests and diagnosis reads, and one record on the topic that no
   contract version can read;
4. a wait until the pipeline caught up and Prometheus scraped the final state.

No broker outage: it would make the relay count failed publishes, but the relay can hang
in ``KafkaProducer.flush()`` when the broker goes away mid-batch (2 outages in 7 in a
trial here; it stayed stuck after the broker was back), which would make this test
flaky for a reason that is not about observability. The "Relay publishes and failures"
panel shows failures at 0 instead (the counter is created at 0).
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
import pytest
from kafka import KafkaProducer
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.observability.load import DEMO_PARTNER, Load, Tally
from tests.integration.observability.promapi import ALERTS, Prometheus
from tests.support.process import Server, outreach
from tests.support.servers import (
    PROM_TEST_PORT,
    TEST_VAR_DIR,
    KafkaServer,
    PostgresServer,
    ensure_promtool,
    prometheus_server,
    wait_for,
    write_prometheus_config,
)
from tests.support.stack import Stack

# Apart from the Prometheus other tests may run (PROM_TEST_PORT, var/test/prometheus).
PROM_PORT = PROM_TEST_PORT + 100
PROM_DATA_DIR = TEST_VAR_DIR / "observability-prometheus"

# Process name (= Prometheus job, as in prometheus.local.yml) -> its role's settings.
ROLES: dict[str, dict[str, str]] = {
    "intake": {"OUTREACH_RELAY_IN_INTAKE": "false"},
    "relay": {},
    "projection": {},
    "diagnostics": {"OUTREACH_FLAGS_REFRESH_SECONDS": "2"},
}
STREAM_PARTNERS = ("acme", "globex")
STREAM_SECONDS = 40.0
CATCH_UP_TIMEOUT_SECONDS = 90.0
# Every process guards /metrics with a token, as a deployment should; Prometheus sends it
# (each job's ``authorization``, from a file), and so do the reads below.
METRICS_TOKEN = "observability-metrics-token"
METRICS_ENV = {"OUTREACH_METRICS_TOKEN": METRICS_TOKEN}


def metrics_text(url: str) -> str:
    """A process's /metrics, read with the token."""
    headers = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    return httpx.get(f"{url}/metrics", headers=headers, timeout=10).text


def scraped(url: str, name: str) -> float:
    """The sum of every sample named ``name`` in a process's /metrics."""
    text = metrics_text(url)
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    )


def publish_unreadable_record(stack: Stack) -> None:
    """A record no version of the contract can read (the projection skips and counts it)."""
    producer = KafkaProducer(bootstrap_servers=stack.kafka.bootstrap, acks="all")
    try:
        producer.send(stack.topic, key=b"garbage", value=b"this is not an event").get(timeout=30)
    finally:
        producer.close(timeout=5)


@dataclass
class Observed:
    """The loaded stack and the Prometheus that watched it."""

    stack: Stack
    prometheus: Prometheus
    prometheus_url: str
    tally: Tally
    started_at: float  # Unix time: the load began
    loaded_at: float  # Unix time: caught up and scraped


def _wait_until_caught_up(prometheus: Prometheus, events: int, candidates: int) -> None:
    """Every accepted event went through the relay and the projection, the unreadable
    record was counted, and the flags cover every candidate; as Prometheus sees it.
    (Not "relay lag == 0": see test_relay_lag_returns_to_zero_once_everything_is_published.)"""
    conditions = {
        "every target up": f"count(up == 1) == {len(ROLES)}",
        "relay published every event": f"sum(outreach_relay_published_total) >= {events}",
        "projection applied every event": (
            f"sum(outreach_projection_events_applied_total) >= {events}"
        ),
        "projection caught up": "sum(outreach_projection_consumer_lag) == 0",
        "unreadable record counted": "sum(outreach_projection_records_unreadable_total) > 0",
        "every candidate flagged": f"sum(outreach_candidates) == {candidates}",
        "every partner flagged": f"count(outreach_candidates) == {len(STREAM_PARTNERS) + 1}",
    }
    for what, expr in conditions.items():
        wait_for(
            partial(prometheus.instant, expr),
            timeout=CATCH_UP_TIMEOUT_SECONDS,
            interval=0.5,
            what=what,
        )
    # rate() and increase() want two samples after the last change: three more scrapes.
    since = time.time()
    wait_for(
        lambda: (prometheus.value("min(timestamp(up))") or 0) > since + 3,
        timeout=30,
        interval=0.5,
        what="three more scrapes",
    )


@pytest.fixture(scope="module")
def observed(
    kafka: KafkaServer, postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Observed]:
    stack = Stack(kafka, postgres, tmp_path_factory.mktemp("observed-stack"))
    try:
        for name, env in ROLES.items():
            stack.start(name, env={**env, **METRICS_ENV})
        token_file = PROM_DATA_DIR.with_name(PROM_DATA_DIR.name + ".token")
        token_file.parent.mkdir(parents=True, exist_ok=True)
        token_file.write_text(METRICS_TOKEN + "\n")
        config = write_prometheus_config(
            PROM_DATA_DIR.with_name(PROM_DATA_DIR.name + ".yml"),
            {job: [target] for job, target in stack.metrics_targets().items()},
            scrape_interval="1s",
            rule_files=[ALERTS],
            credentials_file=token_file,
        )
        with prometheus_server(config, PROM_PORT, PROM_DATA_DIR) as server:
            prometheus = Prometheus(server.base_url)
            try:
                yield _load(stack, prometheus, server.base_url)
            finally:
                prometheus.close()
    finally:
        stack.close()


def _load(stack: Stack, prometheus: Prometheus, url: str) -> Observed:
    wait_for(
        lambda: prometheus.instant(f"count(up == 1) == {len(ROLES)}"),
        timeout=30,
        what="Prometheus scraping every process",
    )
    keys = {partner: stack.key(partner) for partner in (DEMO_PARTNER, *STREAM_PARTNERS)}
    load = Load(stack.url("intake"), stack.url("diagnostics"), keys)
    started_at = time.time()
    try:
        load.post_demo()
        load.register_stream_candidates()
        wait_for(
            lambda: scraped(stack.url("relay"), "outreach_relay_published_total") > 0,
            timeout=60,
            what="the relay's first publish (the topic exists then)",
        )
        publish_unreadable_record(stack)
        load.stream(STREAM_SECONDS)
    finally:
        load.close()
    _wait_until_caught_up(prometheus, load.tally.events_accepted, load.candidates)
    return Observed(stack, prometheus, url, load.tally, started_at, time.time())


# ------------------------------------------------------------------ embedded role


@pytest.fixture(scope="module")
def embedded_metrics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """/metrics of the embedded role (one process, SQLite) after the demo data and reads."""
    data_dir = tmp_path_factory.mktemp("observed-embedded")
    env = {
        "OUTREACH_DATA_DIR": str(data_dir),
        "OUTREACH_SEED_DEMO": "false",
        "OUTREACH_FLAGS_REFRESH_SECONDS": "1",
        **METRICS_ENV,
    }
    server = Server("embedded", env, data_dir / "embedded.log").start()
    try:
        key = outreach("keys", "create", "--partner", DEMO_PARTNER, env=env).split()[-1]
        load = Load(server.url, server.url, {DEMO_PARTNER: key})
        try:
            load.post_demo()
            wait_for(
                lambda: scraped(server.url, "outreach_candidates") > 0,
                timeout=60,
                what="the embedded flags refresher",
            )
            load.read_diagnoses(1)
        finally:
            load.close()
        yield metrics_text(server.url)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def promtool() -> Path:
    return ensure_promtool()
