"""The distributed projection's loop: Kafka clients are made inside it, so the HTTP side
(health, metrics) comes up even while the broker is away, and a lost broker is retried."""

import logging
import threading
from dataclasses import dataclass

from kafka.errors import KafkaError

from outreach_platform.kafka.clients import make_group_consumer
from outreach_platform.kafka.topics import EventTopic
from outreach_projection.kafka_feed import KafkaFeed
from outreach_projection.projector import Projector
from outreach_projection.write import ProjectionStore

log = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


@dataclass(frozen=True)
class ConsumerGroup:
    name: str
    session_timeout_seconds: float


def run_kafka_projection(
    store: ProjectionStore,
    topic: EventTopic,
    group: ConsumerGroup,
    stop: threading.Event,
    idle_seconds: float,
) -> None:
    while not stop.is_set():
        try:
            topic.ensure()
            consumer = make_group_consumer(
                topic.bootstrap, group.name, group.session_timeout_seconds
            )
        except KafkaError:
            log.warning("Kafka is not reachable yet; the projection waits")
            stop.wait(RETRY_SECONDS)
            continue
        feed = KafkaFeed(consumer, topic.name, store)
        try:
            Projector(store, feed, batch_size=1_000).run(stop, idle_seconds)
        finally:
            feed.close()
