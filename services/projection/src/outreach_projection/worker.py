"""The distributed projection's loop: one consumer-group member per Kafka session."""

import threading
from dataclasses import dataclass

from outreach_platform.kafka.clients import make_group_consumer
from outreach_platform.kafka.sessions import run_sessions
from outreach_platform.kafka.topics import EventTopic
from outreach_projection.kafka_feed import KafkaFeed
from outreach_projection.projector import Projector
from outreach_projection.write import ProjectionStore


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
    def open_feed() -> KafkaFeed:
        consumer = make_group_consumer(topic.bootstrap, group.name, group.session_timeout_seconds)
        return KafkaFeed(consumer, topic.name, store)

    run_sessions(
        "projection",
        topic,
        open_client=open_feed,
        use=lambda feed: Projector(store, feed, batch_size=1_000).run(stop, idle_seconds),
        close=KafkaFeed.close,
        stop=stop,
    )
