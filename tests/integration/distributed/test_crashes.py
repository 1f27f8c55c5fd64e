"""kill -9 the relay and the projection in the middle of a stream: nothing lost or doubled.

The relay records its position only after Kafka acknowledged a batch (a crash means a
batch is published again); the projection commits state and offsets in one transaction
(a crash means a batch is consumed again and changes nothing). So after restarts the read
model must equal the one rebuilt from the event store, event for event.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from outreach_platform.publications import relay_positions
from tests.integration.distributed import streams
from tests.support.process import eventually
from tests.support.stack import Stack

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

EVENTS = 10_000


def _relay_position(stack: Stack) -> int:
    with stack.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.coalesce(func.max(relay_positions.c.position), 0))
            ).scalar_one()
        )


def _crash_while_busy(stack: Stack, name: str, progress: Callable[[], int]) -> None:
    """Restart ``name`` onto a backlog, and kill -9 it as soon as it has made progress:
    part of the backlog done, the rest (likely a batch in flight) not."""
    before = progress()
    stack.restart(name)

    def moved() -> None:
        assert progress() > before

    eventually(moved, timeout=60, interval=0.02)
    stack.restart(name, crash=True)


def test_relay_and_projection_crashes_lose_and_double_nothing(stack: Stack, kcat: Path) -> None:
    stack.start("intake", env={"OUTREACH_RELAY_IN_INTAKE": "false"})
    stack.start("relay")
    stack.start("projection")
    key = stack.key("acme")
    stream = streams.events(EVENTS, candidates=200)
    with stack.client(key) as intake:
        poster = streams.Poster(intake, stream, batch_size=250).start()

        poster.wait_posted(1_500)
        stack.kill("relay")
        poster.wait_posted(2_000)
        stack.kill("projection")
        poster.wait_posted(4_500)
        # Each comes back to a backlog of thousands of events and dies in the middle of it.
        _crash_while_busy(stack, "relay", lambda: _relay_position(stack))
        _crash_while_busy(stack, "projection", lambda: streams.projected_facts(stack))

        poster.wait_posted(7_000)
        # Both at once, in the middle of the stream.
        stack.kill("projection")
        stack.kill("relay")
        stack.restart("projection")
        stack.restart("relay")
        poster.join()

    assert poster.accepted == EVENTS
    streams.wait_projected(stack, EVENTS)
    streams.assert_read_model_exact(stack, EVENTS)
    # Kafka holds every event at least once (a re-published batch is a harmless duplicate).
    records = streams.read_topic(kcat, stack.kafka.bootstrap, stack.topic)
    assert len({r.value.event.event_id for r in records}) == EVENTS
    assert len(records) >= EVENTS
