"""The fan-out's and the claims' SQL on a real SQLite database: a pass done twice, or by
two instances, makes each delivery once; two deliverers never hold one delivery; one
endpoint's backlog leaves room for the others."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from outreach_platform.database import create_schema, make_engine
from outreach_webhooks.claims import claim
from outreach_webhooks.endpoints import EndpointStore
from outreach_webhooks.fanout_store import FanOut
from tests.support.verdict_log import log_changes, stored_deliveries

GRACE = timedelta(seconds=60)
LEASE = timedelta(seconds=30)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'outreach.db'}")
    create_schema(engine)
    return engine


def test_fanning_out_again_or_twice_at_once_makes_each_delivery_once(engine: Engine) -> None:
    endpoints = EndpointStore(engine)
    endpoints.create("acme", "https://a.example/x", ("diagnosis.changed",))
    endpoints.create("acme", "https://b.example/x", ("diagnosis.changed",))
    endpoints.create("zeta", "https://z.example/x", ("diagnosis.changed",))
    log_changes(engine, "acme", 3, from_status="ok")
    first, second = FanOut(engine, None, GRACE), FanOut(engine, None, GRACE)
    assert first.run_once().planned == 6
    assert stored_deliveries(engine) == 6
    assert second.run_once().read == 0  # the watermark moved with the deliveries
    # A pass that re-reads the same changes (a crash before its commit is a pass that
    # never happened; a re-read after it inserts nothing):
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE webhook_fanout SET seq = 0")
    assert second.run_once().planned == 6
    assert stored_deliveries(engine) == 6


def test_two_deliverers_never_claim_the_same_delivery(engine: Engine) -> None:
    endpoints = EndpointStore(engine)
    for n in range(4):
        endpoints.create("acme", f"https://{n}.example/x", ("diagnosis.changed",))
    log_changes(engine, "acme", 2, from_status="ok")
    FanOut(engine, None, GRACE).run_once()
    now = datetime.now(UTC)
    a = claim(engine, 100, per_endpoint=1, lease=LEASE, now=now)
    b = claim(engine, 100, per_endpoint=1, lease=LEASE, now=now)
    assert len(a) == 4  # one per endpoint: the second change of each waits
    assert b == []  # every endpoint has one in flight
    later = claim(engine, 100, per_endpoint=1, lease=LEASE, now=now + LEASE * 2)
    assert len(later) == 4  # claims ran out (their deliverer "crashed"): sent again
    assert {c.delivery_id for c in later} == {c.delivery_id for c in a}


def test_one_endpoints_backlog_does_not_crowd_out_another(engine: Engine) -> None:
    endpoints = EndpointStore(engine)
    busy = endpoints.create("acme", "https://busy.example/x", ("diagnosis.changed",))
    log_changes(engine, "acme", 50, from_status="ok")
    quiet = endpoints.create("zeta", "https://quiet.example/x", ("diagnosis.changed",))
    log_changes(engine, "zeta", 1, from_status="ok")
    FanOut(engine, None, GRACE).run_once()
    claimed = claim(engine, 3, per_endpoint=2, lease=LEASE, now=datetime.now(UTC))
    by_endpoint = sorted(c.endpoint_id for c in claimed)
    assert by_endpoint == sorted([busy.id, busy.id, quiet.id])
