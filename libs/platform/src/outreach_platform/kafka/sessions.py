"""The loop every Kafka role runs: open a client, use it until it fails, start again.

Clients are made inside the loop, so a process's HTTP side (health, metrics) comes up
even while the broker is away, and a lost broker is retried rather than fatal.
"""

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from kafka.errors import KafkaError

from outreach_platform.kafka.topics import EventTopic

log = logging.getLogger(__name__)
RETRY_SECONDS = 2.0
C = TypeVar("C")


def run_sessions(
    what: str,
    topic: EventTopic,
    open_client: Callable[[], C],
    use: Callable[[C], None],
    close: Callable[[C], None],
    stop: threading.Event,
) -> None:
    """Until ``stop``: ensure the topic, open a client, ``use`` it (it returns on a Kafka
    failure or on ``stop``), close it, and pause before the next session."""
    while not stop.is_set():
        try:
            topic.ensure()
            client = open_client()
        except KafkaError:
            log.warning("Kafka is not reachable yet; the %s waits", what)
            stop.wait(RETRY_SECONDS)
            continue
        try:
            use(client)
        finally:
            close(client)
        stop.wait(RETRY_SECONDS)
