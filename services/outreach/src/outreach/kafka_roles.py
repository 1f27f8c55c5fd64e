"""The loops of the distributed roles that talk to Kafka: the relay and the projection.

Their clients are made inside the loop, so the HTTP side (health, metrics) comes up
even while the broker is away, and a lost broker is retried rather than fatal.
"""

import logging
import threading
from typing import TYPE_CHECKING

from kafka.errors import KafkaError

from outreach_intake.outbox import OutboxReader
from outreach_intake.relay import Relay, make_producer
from outreach_platform.kafka_topics import ensure_topic
from outreach_projection.kafka_feed import KafkaFeed, make_consumer
from outreach_projection.projector import Projector

if TYPE_CHECKING:
    from outreach.composition import Parts

log = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


def run_relay(parts: "Parts", stop: threading.Event) -> None:
    settings = parts.settings
    while not stop.is_set():
        try:
            ensure_topic(settings.kafka_bootstrap, settings.kafka_topic, settings.kafka_partitions)
            producer = make_producer(settings.kafka_bootstrap)
        except KafkaError:
            log.warning("Kafka is not reachable yet; the relay waits")
            stop.wait(RETRY_SECONDS)
            continue
        try:
            relay = Relay(
                OutboxReader(parts.intake), parts.relay_store, producer, settings.kafka_topic
            )
            relay.run(stop, settings.poll_interval_seconds)
        finally:
            producer.close(timeout=5)
        stop.wait(RETRY_SECONDS)  # run() returned on a Kafka failure: pause, then a new producer


def run_projection(parts: "Parts", stop: threading.Event) -> None:
    settings = parts.settings
    while not stop.is_set():
        try:
            ensure_topic(settings.kafka_bootstrap, settings.kafka_topic, settings.kafka_partitions)
            consumer = make_consumer(
                settings.kafka_bootstrap,
                settings.kafka_group,
                settings.kafka_session_timeout_seconds,
            )
        except KafkaError:
            log.warning("Kafka is not reachable yet; the projection waits")
            stop.wait(RETRY_SECONDS)
            continue
        feed = KafkaFeed(consumer, settings.kafka_topic, parts.readmodel)
        try:
            Projector(parts.readmodel, feed, batch_size=1_000).run(
                stop, settings.poll_interval_seconds
            )
        finally:
            feed.close()
