"""Webhooks on PostgreSQL with concurrency: two fan-outs at once make each delivery once,
claims racing from many threads never hand one delivery to two deliverers, and two
deliverers running side by side send every message exactly once to a real receiver."""

import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from standardwebhooks import Webhook

from outreach_platform.database import make_engine
from outreach_webhooks.claims import claim
from outreach_webhooks.config import WebhookConfig
from outreach_webhooks.deliverer import Deliverer
from outreach_webhooks.endpoints import EndpointStore
from outreach_webhooks.fanout_store import FanOut
from tests.support.databases import with_schema
from tests.support.process import eventually
from tests.support.receiver import running_receiver
from tests.support.servers import PostgresServer
from tests.support.stack import create_database, drop_database
from tests.support.verdict_log import log_changes, stored_deliveries

pytestmark = pytest.mark.postgres
GRACE = timedelta(seconds=60)


@pytest.fixture
def engine(postgres: PostgresServer) -> Iterator[Engine]:
    name = f"webhooks_{uuid.uuid4().hex[:10]}"
    create_database(postgres, name)
    pg = postgres
    url = f"postgresql+psycopg://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{name}"
    engine = with_schema(make_engine(url))
    yield engine
    engine.dispose()
    drop_database(postgres, name)


def test_two_fanouts_at_once_make_each_delivery_once(engine: Engine) -> None:
    endpoints = EndpointStore(engine)
    for n in range(3):
        endpoints.create("acme", f"https://{n}.example/x", ("diagnosis.changed",))
    log_changes(engine, "acme", 200)
    fanouts = [FanOut(engine, None, GRACE, batch=50) for _ in range(4)]
    start = threading.Barrier(len(fanouts))

    def drain(fanout: FanOut) -> None:
        start.wait()
        while fanout.run_once().read:
            pass

    with ThreadPoolExecutor(len(fanouts)) as pool:
        list(pool.map(drain, fanouts))
    assert stored_deliveries(engine) == 600


def test_racing_claims_never_share_a_delivery(engine: Engine) -> None:
    endpoints = EndpointStore(engine)
    for n in range(40):
        endpoints.create("acme", f"https://{n}.example/x", ("diagnosis.changed",))
    log_changes(engine, "acme", 5)
    FanOut(engine, None, GRACE).run_once()
    start = threading.Barrier(8)

    def grab(_: int) -> list[str]:
        start.wait()
        taken = claim(engine, 10, 1, timedelta(seconds=30), datetime.now(UTC))
        return [c.delivery_id for c in taken]

    with ThreadPoolExecutor(8) as pool:
        claimed = [i for ids in pool.map(grab, range(8)) for i in ids]
    assert len(claimed) == len(set(claimed))
    # A thread that lost a race on a row claims less this time, never a row twice; what
    # is left is claimed next, one per endpoint (each endpoint's other four wait).
    rest = claim(engine, 100, 1, timedelta(seconds=30), datetime.now(UTC))
    every = claimed + [c.delivery_id for c in rest]
    assert len(every) == len(set(every)) == 40
    assert len({c.endpoint_id for c in rest}) == len(rest)


def test_two_deliverers_send_every_message_exactly_once(engine: Engine) -> None:
    config = WebhookConfig(allow_private=True, timeout_seconds=5, concurrency=8, per_endpoint=2)
    with running_receiver() as receiver:
        endpoints = EndpointStore(engine)
        hooks = [endpoints.create("acme", receiver.url, ("diagnosis.changed",)) for _ in range(3)]
        log_changes(engine, "acme", 40)
        FanOut(engine, None, GRACE).run_once()
        stop = threading.Event()
        threads = [
            threading.Thread(target=Deliverer(engine, config).run, args=(stop,)) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        try:
            eventually(lambda: _received(receiver.ids(), 120), timeout=60)
        finally:
            stop.set()
            for thread in threads:
                thread.join(10)
    sent = Counter(receiver.ids())
    assert len(sent) == 120
    assert set(sent.values()) == {1}
    secrets = [hook.secret for hook in hooks]
    for message in receiver.received:
        assert any(_verifies(secret, message.body, message.headers) for secret in secrets)


def _received(ids: list[str], n: int) -> None:
    assert len(ids) >= n


def _verifies(secret: str, body: str, headers: dict[str, str]) -> bool:
    try:
        Webhook(secret).verify(body, headers)
    except Exception:
        return False
    return True
