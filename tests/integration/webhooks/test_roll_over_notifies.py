"""A day roll-over alone, no new event, flips a verdict and the partner is told: a referral
passed to HR after a vague departure story stalls on its 22nd day, the refresher (given a
clock) recomputes the candidate at their midnight, and the signed `diagnosis.changed`
reaches a real receiver through the fan-out and the deliverer, on the embedded store."""

import json
import threading
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from standardwebhooks import Webhook

from outreach_diagnostics.refresher import VerdictRefresher
from outreach_diagnostics.spelling import default_checker
from outreach_diagnostics.thresholds import Thresholds
from outreach_platform.database import make_engine
from outreach_projection.write import ProjectionStore
from outreach_webhooks.config import WebhookConfig
from outreach_webhooks.deliverer import Deliverer
from outreach_webhooks.endpoints import EndpointStore
from outreach_webhooks.fanout_store import FanOut
from tests.support.databases import with_schema
from tests.support.factories import event, recorded
from tests.support.process import eventually
from tests.support.receiver import Receiver, running_receiver

TODAY = datetime.now(UTC).date()
NOON = datetime.combine(TODAY, time(12), tzinfo=UTC)
# Referred 21 days ago: today is the referral's last day (still pending), tomorrow it stalls.
REFERRED = NOON - timedelta(days=21)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def stalling_history(store: ProjectionStore) -> None:
    """Laid off, told a vague story to ana, who passed the candidate to HR at Initech."""
    envelopes = [
        event(
            "employment.ended",
            {"circumstance": "laid_off"},
            occurred_at=REFERRED - timedelta(days=60),
        ),
        event(
            "departure.explained",
            {"contact_id": "ana", "story": "vague"},
            occurred_at=REFERRED - timedelta(days=2),
        ),
        event(
            "referral.made",
            {"contact_id": "ana", "company": "Initech", "referred_to": "hr"},
            occurred_at=REFERRED,
        ),
    ]
    store.apply([recorded(e) for e in envelopes], {"feed": len(envelopes)})


def departure_messages(receiver: Receiver) -> list[tuple[dict[str, Any], dict[str, str], str]]:
    found = []
    for message in receiver.received:
        body = json.loads(message.body)
        if body["data"]["reason"] == "departure_story":
            found.append((body, message.headers, message.body))
    return found


def deliver_until(engine: Engine, receiver: Receiver, check: Any) -> None:
    config = WebhookConfig(allow_private=True, timeout_seconds=5)
    stop = threading.Event()
    deliverer = threading.Thread(target=Deliverer(engine, config).run, args=(stop,))
    deliverer.start()
    try:
        eventually(check, timeout=60)
    finally:
        stop.set()
        deliverer.join(10)


def test_a_roll_over_alone_flips_a_stalled_referral_and_notifies(tmp_path: Path) -> None:
    engine = with_schema(make_engine(f"sqlite:///{tmp_path / 'outreach.db'}"))
    stalling_history(ProjectionStore(engine))
    clock = Clock(NOON)
    refresher = VerdictRefresher(engine, Thresholds(), default_checker(), clock=clock)
    with running_receiver() as receiver:
        hook = EndpointStore(engine).create("acme", receiver.url, ("diagnosis.changed",))
        refresher.tick()  # today: the referral is on its last day, the story only at risk
        clock.now = datetime.combine(TODAY + timedelta(days=1), time(1), tzinfo=UTC)
        assert refresher.tick().changes >= 1  # no event since: the day alone moved it
        FanOut(engine, None, timedelta(seconds=60)).run_once()

        def flipped() -> None:
            assert any(body["data"]["to"] == "problem" for body, *_ in departure_messages(receiver))

        deliver_until(engine, receiver, flipped)
    flips = [m for m in departure_messages(receiver) if m[0]["data"]["to"] == "problem"]
    assert len(flips) == 1
    body, headers, raw = flips[0]
    assert body["data"]["from"] == "at_risk"
    assert body["data"]["as_of"] == (TODAY + timedelta(days=1)).isoformat()
    Webhook(hook.secret).verify(raw, headers)  # raises unless signed with this secret
    engine.dispose()
