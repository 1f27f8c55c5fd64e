"""The relay's loop as a process runs it: one Kafka producer per session; a session ends
on a Kafka failure, because a producer that lived through an outage may hold expired
batches and stale idempotence sequence numbers."""

import threading

from outreach_platform.kafka.clients import make_producer
from outreach_platform.kafka.publisher import KafkaPublisher
from outreach_platform.kafka.sessions import run_sessions
from outreach_platform.kafka.topics import EventTopic
from outreach_relay.ports import Outbox, Progress
from outreach_relay.relay import Relay


def run_relay(
    outbox: Outbox,
    progress: Progress,
    topic: EventTopic,
    stop: threading.Event,
    idle_seconds: float,
) -> None:
    run_sessions(
        "relay",
        topic,
        open_client=lambda: KafkaPublisher(make_producer(topic.bootstrap), topic.name),
        use=lambda publisher: Relay(outbox, progress, publisher).run(stop, idle_seconds),
        close=KafkaPublisher.close,
        stop=stop,
    )
