"""The feed contract on a real Kafka broker: the intake records, the relay publishes, and
the projection reads as a consumer-group member (PostgreSQL holds the stores)."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.database import make_engine
from outreach_platform.kafka.clients import make_group_consumer, make_producer
from outreach_platform.kafka.publisher import KafkaPublisher
from outreach_platform.kafka.topics import ensure_topic
from outreach_projection.feeds import Feed
from outreach_projection.kafka_feed import KafkaFeed
from outreach_projection.write import ProjectionStore
from outreach_relay.relay import Relay
from outreach_relay.store import RelayStore
from tests.integration.feeds.contracts import FeedContract, Source
from tests.support.databases import with_schema
from tests.support.servers import KafkaServer, PostgresServer
from tests.support.stack import create_database, drop_database

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


class TestKafkaFeed(FeedContract):
    @pytest.fixture
    def source(self, kafka: KafkaServer, postgres: PostgresServer) -> Iterator[Source]:
        suffix = uuid.uuid4().hex[:10]
        topic, group, dbname = f"feeds.t{suffix}", f"feeds-{suffix}", f"feeds_{suffix}"
        ensure_topic(kafka.bootstrap, topic, 3)
        create_database(postgres, dbname)
        pg = postgres
        engine = with_schema(
            make_engine(
                f"postgresql+psycopg://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{dbname}"
            )
        )
        intake = Intake(env={**postgres.eventsourcing_env, "POSTGRES_DBNAME": dbname})
        publisher = KafkaPublisher(make_producer(kafka.bootstrap), topic)
        relay = Relay(OutboxReader(intake), RelayStore(engine), publisher)

        @contextmanager
        def open_feed(store: ProjectionStore) -> Iterator[Feed]:
            consumer = make_group_consumer(kafka.bootstrap, group, session_timeout=3)
            feed = KafkaFeed(consumer, topic, store)
            try:
                yield feed
            finally:
                feed.close()  # leaves the group at once: the next feed is assigned quickly

        def publish(relay: Relay = relay) -> None:
            while relay.step():
                pass

        def republish() -> None:
            # A relay that starts from nothing: it has no record of having published.
            publish(Relay(OutboxReader(intake), RelayStore(engine, "again"), publisher))

        try:
            yield Source(intake, ProjectionStore(engine), open_feed, publish, republish)
        finally:
            publisher.close()
            engine.dispose()
            drop_database(postgres, dbname)
