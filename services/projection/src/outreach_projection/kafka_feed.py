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


def make_consumer(bootstrap: str, group: str, session_timeout: float = 10.0) -> KafkaConsumer:
    session_ms = int(session_timeout * 1000)
    return KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=1_000,
        session_timeout_ms=session_ms,
        heartbeat_interval_ms=max(session_ms // 5, 100),
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
        seek_to_stored(self._consumer, assigned, self._readmodel.positions())
        log.info("assigned %s", sorted(tp.partition for tp in assigned))


def seek_to_stored(
    consumer: KafkaConsumer, partitions: list[TopicPartition], stored: Positions
) -> None:
    """Continue each partition after the last offset the read model holds."""
    for tp in partitions:
        offset = stored.get(feed_name(tp.topic, tp.partition))
        if offset is None:
            consumer.seek_to_beginning(tp)
        else:
            consumer.seek(tp, offset + 1)


class KafkaFeed:
    def __init__(self, consumer: KafkaConsumer, topic: str, readmodel: ReadModel) -> None:
        self._consumer = consumer
        self._lag_reported: set[str] = set()
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

    def rewind(self, positions: Positions) -> None:
        seek_to_stored(self._consumer, list(self._consumer.assignment()), positions)

    def close(self) -> None:
        self._consumer.close()

    def _report_lag(self) -> None:
        owned = set()
        for tp in self._consumer.assignment():
            name = feed_name(tp.topic, tp.partition)
            owned.add(name)
            high = self._consumer.highwater(tp)
            if high is not None:
                metrics.CONSUMER_LAG.labels(name).set(high - self._consumer.position(tp))
        # While a rebalance is under way the old assignment is still reported, after the
        # revocation listener cleared it; drop what this instance no longer owns.
        for name in self._lag_reported - owned:
            with suppress(KeyError):
                metrics.CONSUMER_LAG.remove(name)
        self._lag_reported = owned


def _decode(value: bytes, tp: TopicPartition, offset: int) -> RecordedEvent | None:
    try:
        return RecordedEvent.model_validate_json(value)
    except ValidationError:
        # A record no version of the contract can read would block its partition
        # forever; count it, log where it is, and move on.
        metrics.RECORDS_UNREADABLE.inc()
        log.error("unreadable record at %s-%s@%s skipped", tp.topic, tp.partition, offset)
        return None
