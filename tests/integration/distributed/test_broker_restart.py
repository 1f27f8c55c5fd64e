"""The broker goes away in the middle of a stream: the intake keeps accepting (events wait
in the event store, the outbox), and once the broker is back everything arrives."""

import pytest

from tests.integration.distributed import streams
from tests.support.servers import start_kafka, stop_kafka
from tests.support.stack import Stack

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

BEFORE, DURING, AFTER = 1_500, 1_000, 1_500


def test_a_broker_restart_loses_nothing(stack: Stack) -> None:
    stack.start("intake")  # with the relay inside, the default
    stack.start("projection")
    key = stack.key("acme")
    stream = streams.events(BEFORE + DURING + AFTER, candidates=60)
    first, during, after = (
        stream[:BEFORE],
        stream[BEFORE : BEFORE + DURING],
        stream[BEFORE + DURING :],
    )
    with stack.client(key) as intake:
        poster = streams.Poster(intake, first).start()
        poster.wait_posted(BEFORE // 2)
        stop_kafka(stack.kafka)  # while events are still flowing
        try:
            poster.join()
            for start in range(0, DURING, 250):
                assert streams.post(intake, during[start : start + 250])["accepted"] == 250
            stored = len(streams.stored_events(stack))
            assert stored == BEFORE + DURING, "the intake accepted and stored everything"
            assert streams.projected_facts(stack) < stored, "nothing can pass without Kafka"
        finally:
            start_kafka(stack.kafka)
        poster = streams.Poster(intake, after).start()
        poster.join()

    streams.wait_projected(stack, len(stream))
    streams.assert_read_model_exact(stack, len(stream))
