"""The projection's Kafka feed: a consumer-group member whose true offsets live in the
read model, beside the state they produced (not in the group's committed offsets)."""

import logging
import time
from contextlib import suppress
from typing import Protocol

from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from outreach_contract.v1.personal import StoredRecord
from outreach_platform.feeds import Positions, kafka_feed
from outreach_platform.kafka import records
from outreach_projection import metrics
from outreach_projection.feeds import Batch

log = logging.getLogger(__name__)
# How often an owned partition whose end kafka-python does not know is looked up (one
# ListOffsets request for all of them), while it stays unknown.
END_LOOKUP_SECONDS = 5.0


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
        self._ends: dict[TopicPartition, int] = {}
        self._next_end_lookup = 0.0
        consumer.subscribe([topic], listener=_SeekToStored(consumer, store))

    def poll(self, positions: Positions, limit: int) -> Batch:
        polled = self._consumer.poll(timeout_ms=200, max_records=limit)
        events: list[StoredRecord] = []
        reached: dict[str, int] = {}
        for tp, batch in polled.items():
            name = _name(tp)  # once per partition, not per record
            for record in batch:
                decoded = records.decode(record.value, name, record.offset)
                if decoded is None:
                    metrics.RECORDS_UNREADABLE.inc()
                else:
                    events.append(decoded)
            if batch:
                reached[name] = batch[-1].offset  # a partition's records come in order
        self._report_lag()
        return events, reached

    def rewind(self, positions: Positions) -> None:
        seek_to_stored(self._consumer, list(self._consumer.assignment()), positions)

    def close(self) -> None:
        self._consumer.close()

    def _report_lag(self) -> None:
        owned = set()
        assignment = self._consumer.assignment()
        self._look_up_unknown_ends(assignment)
        for tp in assignment:
            name = _name(tp)
            owned.add(name)
            high = self._consumer.highwater(tp)
            if high is None:
                high = self._ends.get(tp)
            if high is not None:
                lag = max(high - self._consumer.position(tp), 0)
                metrics.CONSUMER_LAG.labels(name).set(lag)
        # While a rebalance is under way the old assignment is still reported, after the
        # revocation listener cleared it; drop what this instance no longer owns.
        for name in self._lag_reported - owned:
            with suppress(KeyError):
                metrics.CONSUMER_LAG.remove(name)
        self._lag_reported = owned

    def _look_up_unknown_ends(self, assignment: set[TopicPartition]) -> None:
        # kafka-python learns a partition's end only from a fetch response that carries
        # the partition, and after a rebalance a partition this instance kept, caught up
        # and idle, may get none (the broker's incremental fetch sessions leave unchanged
        # partitions out): its lag would go unreported until new records arrived, and a
        # dashboard would show the partition as nobody's.
        unknown = [tp for tp in assignment if self._consumer.highwater(tp) is None]
        self._ends = {tp: end for tp, end in self._ends.items() if tp in unknown}
        if not unknown or time.monotonic() < self._next_end_lookup:
            return
        self._next_end_lookup = time.monotonic() + END_LOOKUP_SECONDS
        try:
            self._ends.update(self._consumer.end_offsets(unknown))
        except KafkaError:
            log.warning("could not look up the end of partitions %s", unknown, exc_info=True)
