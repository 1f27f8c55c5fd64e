"""The feed contract on a real Kafka broker: the intake records, the relay publishes, and
the projection reads as a consumer-group member (PostgreSQL holds the stores)."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_intake.relay import Relay, make_producer
from outreach_intake.relay_store import RelayStore
from outreach_platform.database import make_engine
from outreach_platform.kafka_topics import ensure_topic
from outreach_platform.readmodel import ReadModel
from outreach_projection.feeds import Feed
from outreach_projection.kafka_feed import KafkaFeed, make_consumer
from outreach_projection.projector import Projector
from tests.integration.feeds.contracts import FeedContract, Source, project_until, sample
from tests.support.process import eventually
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
        engine = make_engine(
            f"postgresql+psycopg://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{dbname}"
        )
        intake = Intake(env={**postgres.eventsourcing_env, "POSTGRES_DBNAME": dbname})
        producer = make_producer(kafka.bootstrap)
        relay = Relay(OutboxReader(intake), RelayStore(engine), producer, topic)

        @contextmanager
        def open_feed(readmodel: ReadModel) -> Iterator[Feed]:
            consumer = make_consumer(kafka.bootstrap, group, session_timeout=3)
            feed = KafkaFeed(consumer, topic, readmodel)
            try:
                yield feed
            finally:
                feed.close()  # leaves the group at once: the next feed is assigned quickly

        def publish(relay: Relay = relay) -> None:
            while relay.step():
                pass

        def republish() -> None:
            # A relay that starts from nothing: it has no record of having published.
            publish(Relay(OutboxReader(intake), RelayStore(engine, "again"), producer, topic))

        try:
            yield Source(intake, ReadModel(engine), open_feed, publish, republish)
        finally:
            producer.close(timeout=5)
            engine.dispose()
            drop_database(postgres, dbname)

    def test_a_redelivered_event_changes_nothing(self, source: Source) -> None:
        assert source.republish is not None
        source.record(10)
        with source.open_feed(source.readmodel) as feed:
            projector = Projector(source.readmodel, feed)
            project_until(projector, source.readmodel, 10)
            before = list(source.readmodel.states())
            redelivered = sample("outreach_projection_events_redelivered_total")
            source.republish()

            def absorbed() -> None:
                projector.step()
                delta = sample("outreach_projection_events_redelivered_total") - redelivered
                assert delta == 10

            eventually(absorbed, timeout=60)
        assert list(source.readmodel.states()) == before
