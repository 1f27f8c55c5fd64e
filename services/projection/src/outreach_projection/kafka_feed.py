"""The projection's Kafka feed: a consumer-group member whose true offsets live in the
read model, beside the state they produced (not in the group's committed offsets)."""

import logging
from contextlib import suppress
from typing import Protocol

from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition

from outreach_contract.v1.personal import StoredRecord
from outreach_platform.feeds import Positions, kafka_feed
from outreach_platform.kafka import records
from outreach_projection import metrics
from outreach_projection.feeds import Batch

log = logging.getLogger(__name__)


class StoredPositions(Protocol):
    def positions(self, prefix: str = "") -> dict[str, int]: ...


def _name(tp: TopicPartition) -> str:
    return kafka_feed(tp.topic, tp.partition)


class _SeekToStored(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, consumer: KafkaConsumer, store: StoredPositions) -> None:
        self._consumer = consumer
        self._store = store

    def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        # Nothing to hand over: positions are committed with the state, batch by batch.
        # The lag of a partition this instance no longer owns would be a stale alarm.
        for tp in revoked:
            with suppress(KeyError):  # never reported yet
                metrics.CONSUMER_LAG.remove(_name(tp))
        log.info("revoked %s", sorted(tp.partition for tp in revoked))

    def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        seek_to_stored(self._consumer, assigned, self._store.positions())
        log.info("assigned %s", sorted(tp.partition for tp in assigned))


def seek_to_stored(
    consumer: KafkaConsumer, partitions: list[TopicPartition], stored: Positions
) -> None:
    """Continue each partition after the last offset the read model holds."""
    for tp in partitions:
        offset = stored.get(_name(tp))
        if offset is None:
            consumer.seek_to_beginning(tp)
        else:
            consumer.seek(tp, offset + 1)


class KafkaFeed:
    def __init__(self, consumer: KafkaConsumer, topic: str, store: StoredPositions) -> None:
        self._consumer = consumer
        self._lag_reported: set[str] = set()
        consumer.subscribe([topic], listener=_SeekToStored(consumer, store))

    def poll(self, positions: Positions, limit: int) -> Batch:
        polled = self._consumer.poll(timeout_ms=200, max_records=limit)
        events: list[StoredRecord] = []
        reached: dict[str, int] = {}
        for tp, batch in polled.items():
            for record in batch:
                reached[_name(tp)] = record.offset
                decoded = records.decode(record.value, f"{_name(tp)}@{record.offset}")
                if decoded is None:
                    metrics.RECORDS_UNREADABLE.inc()
                else:
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
            name = _name(tp)
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
