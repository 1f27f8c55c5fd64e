"""Two projection instances in one consumer group share the partitions; when one is killed
mid-stream its partitions move to the other, which continues from the offsets stored
with the read model: nothing lost, nothing applied twice."""

import re

import httpx
import pytest

from tests.integration.distributed import streams
from tests.support.process import eventually
from tests.support.stack import PARTITIONS, Stack

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

EVENTS = 6_000


def _partitions(stack: Stack, name: str) -> set[int]:
    """The partitions an instance reports lag for: the ones it is assigned."""
    text = httpx.get(f"{stack.url(name)}/metrics", timeout=10).text
    return {
        int(p) for p in re.findall(r'outreach_projection_consumer_lag\{feed="[^"]*-(\d+)"\}', text)
    }


def test_a_killed_instance_hands_its_partitions_over(stack: Stack) -> None:
    stack.start("intake")
    stack.start("projection", name="projection-1")
    stack.start("projection", name="projection-2")
    key = stack.key("acme")
    everything = set(range(PARTITIONS))
    with stack.client(key) as intake:
        poster = streams.Poster(intake, streams.events(EVENTS, candidates=120)).start()

        def shared() -> None:
            first, second = _partitions(stack, "projection-1"), _partitions(stack, "projection-2")
            assert first, "projection-1 holds partitions"
            assert second, "projection-2 holds partitions"
            assert first | second == everything, (first, second)
            assert not first & second, (first, second)

        eventually(shared, timeout=120, interval=0.5)
        poster.wait_posted(2_000)
        stack.kill("projection-1")

        def taken_over() -> None:
            assert _partitions(stack, "projection-2") == everything

        eventually(taken_over, timeout=120, interval=0.5)
        poster.wait_posted(4_000)
        stack.restart("projection-1")  # joins again: the partitions are shared once more
        eventually(shared, timeout=120, interval=0.5)
        poster.join()

    streams.wait_projected(stack, EVENTS)
    streams.assert_read_model_exact(stack, EVENTS)
