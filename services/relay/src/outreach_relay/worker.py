"""The relay's loop as a process runs it: Kafka clients are made inside the loop, so the
HTTP side (health, metrics) comes up even while the broker is away, and a lost broker is
retried rather than fatal."""

import logging
import threading

from kafka.errors import KafkaError

from outreach_platform.kafka.clients import make_producer
from outreach_platform.kafka.publisher import KafkaPublisher
from outreach_platform.kafka.topics import EventTopic
from outreach_relay.ports import Outbox, Progress
from outreach_relay.relay import Relay

log = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


def run_relay(
    outbox: Outbox,
    progress: Progress,
    topic: EventTopic,
    stop: threading.Event,
    idle_seconds: float,
) -> None:
    while not stop.is_set():
        try:
            topic.ensure()
            publisher = KafkaPublisher(make_producer(topic.bootstrap), topic.name)
        except KafkaError:
            log.warning("Kafka is not reachable yet; the relay waits")
            stop.wait(RETRY_SECONDS)
            continue
        try:
            Relay(outbox, progress, publisher).run(stop, idle_seconds)
        finally:
            publisher.close()
        stop.wait(RETRY_SECONDS)  # run() returned on a Kafka failure: pause, then a new producer
