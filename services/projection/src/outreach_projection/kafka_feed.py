"""The projection's Kafka feed: a consumer-group member whose true offsets live in the
read model, beside the state they produced (not in the group's committed offsets)."""

import logging
from contextlib import suppress

from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition
from pydantic import ValidationError

from outreach_contract.v1 import RecordedEvent
from outreach_platform.readmodel import Positions, ReadModel
from outreach_projection import metrics
from outreach_projection.feeds import Batch

log = logging.getLogger(__name__)


def feed_name(topic: str, partition: int) -> str:
    return f"{topic}-{partition}"


def make_consumer(bootstrap: str, group: str) -> KafkaConsumer:
    return KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=1_000,
        session_timeout_ms=10_000,
        heartbeat_interval_ms=2_000,
    )


class _SeekToStored(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, consumer: KafkaConsumer, readmodel: ReadModel) -> None:
        self._consumer = consumer
        self._readmodel = readmodel

    def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        # Nothing to hand over: positions are committed with the state, batch by batch.
        # The lag of a partition this instance no longer owns would be a stale alarm.
        for tp in revoked:
            with suppress(KeyError):  # never reported yet
                metrics.CONSUMER_LAG.remove(feed_name(tp.topic, tp.partition))

    def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        stored = self._readmodel.positions()
        for tp in assigned:
            offset = stored.get(feed_name(tp.topic, tp.partition))
            if offset is None:
                self._consumer.seek_to_beginning(tp)
            else:
                self._consumer.seek(tp, offset + 1)
        log.info("assigned %s", sorted(tp.partition for tp in assigned))


class KafkaFeed:
    def __init__(self, consumer: KafkaConsumer, topic: str, readmodel: ReadModel) -> None:
        self._consumer = consumer
        consumer.subscribe([topic], listener=_SeekToStored(consumer, readmodel))

    def poll(self, positions: Positions, limit: int) -> Batch:
        records = self._consumer.poll(timeout_ms=200, max_records=limit)
        events: list[RecordedEvent] = []
        reached: dict[str, int] = {}
        for tp, batch in records.items():
            for record in batch:
                reached[feed_name(tp.topic, tp.partition)] = record.offset
                decoded = _decode(record.value, tp, record.offset)
                if decoded is not None:
                    events.append(decoded)
        self._report_lag()
        return events, reached

    def close(self) -> None:
        self._consumer.close()

    def _report_lag(self) -> None:
        for tp in self._consumer.assignment():
            high = self._consumer.highwater(tp)
            if high is not None:
                lag = high - self._consumer.position(tp)
                metrics.CONSUMER_LAG.labels(feed_name(tp.topic, tp.partition)).set(lag)


def _decode(value: bytes, tp: TopicPartition, offset: int) -> RecordedEvent | None:
    try:
        return RecordedEvent.model_validate_json(value)
    except ValidationError:
        # A record no version of the contract can read would block its partition
        # forever; count it, log where it is, and move on.
        metrics.RECORDS_UNREADABLE.inc()
        log.error("unreadable record at %s-%s@%s skipped", tp.topic, tp.partition, offset)
        return None
