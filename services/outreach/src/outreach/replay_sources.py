"""Where a replay reads recorded events: the event store's notification log, or the Kafka
topic from its first offset. Each reads a range fixed before its first read, so a replay
ends even while traffic flows, and reports positions named as the live feeds name them
(``event-store``, ``<topic>-<partition>``), so a rebuilt store could serve as a live one.
"""

import logging
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition
from pydantic import ValidationError

from outreach_contract.v1 import RecordedEvent
from outreach_intake.outbox import FEED_NAME, OutboxReader
from outreach_projection.kafka_feed import feed_name

log = logging.getLogger(__name__)


class ReplayError(RuntimeError):
    """The source cannot be read as planned (no such topic, a stalled broker...)."""


@dataclass(frozen=True)
class Span:
    """Positions ``start`` up to, not including, ``stop`` of one feed."""

    start: int
    stop: int

    @property
    def size(self) -> int:
        return max(self.stop - self.start, 0)


@dataclass
class ReadBatch:
    events: list[RecordedEvent]
    positions: dict[str, int]
    progress: int  # progress units covered: Kafka records, or notification ids
    unreadable: int = 0


class Source:
    """A bounded read of one feed family; ``spans`` says what it covers, per feed."""

    def __init__(self, kind: str, spans: dict[str, Span]) -> None:
        self.kind = kind
        self.spans = spans

    @property
    def total(self) -> int:
        """Progress units in range: Kafka records, or notification ids."""
        return sum(span.size for span in self.spans.values())

    def batches(self) -> Iterator[ReadBatch]:
        raise NotImplementedError


class StoreSource(Source):
    """The notification log up to notification id ``upto`` (ids may have gaps)."""

    def __init__(self, outbox: OutboxReader, upto: int, batch_size: int = 5_000) -> None:
        super().__init__("store", {FEED_NAME: Span(1, upto + 1)})
        self._outbox, self._upto, self._batch_size = outbox, upto, batch_size

    def batches(self) -> Iterator[ReadBatch]:
        after = 0
        while after < self._upto:
            events = [
                e for e in self._outbox.read(after, self._batch_size) if e.position <= self._upto
            ]
            if not events:
                return  # the notifications left in range are not recorded events
            yield ReadBatch(events, {FEED_NAME: events[-1].position}, events[-1].position - after)
            after = events[-1].position


def make_replay_consumer(bootstrap: str) -> KafkaConsumer:
    """A consumer in no group (``group_id=None``): it joins nothing and commits nothing,
    so a replay never takes partitions from, nor moves the offsets of, the projection."""
    return KafkaConsumer(
        bootstrap_servers=bootstrap,
        client_id="outreach-replay",
        group_id=None,
        enable_auto_commit=False,
        max_poll_records=5_000,
        fetch_max_bytes=64 * 2**20,
        max_partition_fetch_bytes=8 * 2**20,
    )


class KafkaSource(Source):
    """Every partition from its first offset to ``until`` (exclusive; default: the end
    offsets when the source is made), read by manual assignment."""

    def __init__(
        self,
        consumer: KafkaConsumer,
        topic: str,
        until: Mapping[int, int] | None = None,
        stall_seconds: float = 60.0,
    ) -> None:
        partitions = consumer.partitions_for_topic(topic)
        if not partitions:
            raise ReplayError(f"Kafka topic {topic!r} does not exist")
        self._tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(self._tps)
        begin, end = consumer.beginning_offsets(self._tps), consumer.end_offsets(self._tps)
        stops = {tp: end[tp] if until is None else until.get(tp.partition, 0) for tp in self._tps}
        self._spans = {tp: Span(begin[tp], max(stops[tp], begin[tp])) for tp in self._tps}
        super().__init__("kafka", {_name(tp): s for tp, s in self._spans.items()})
        self.end_offsets = {tp.partition: end[tp] for tp in self._tps}
        self._consumer, self._stall_seconds = consumer, stall_seconds

    def batches(self) -> Iterator[ReadBatch]:
        pending = {tp for tp, span in self._spans.items() if span.size}
        for tp in self._tps:
            self._consumer.seek(tp, self._spans[tp].start)
        progressed = time.monotonic()
        while pending:
            polled = self._consumer.poll(timeout_ms=500)
            batch = ReadBatch([], {}, 0)
            for tp, records in polled.items():
                stop = self._spans[tp].stop
                for record in records:
                    if record.offset >= stop:
                        break  # written after the range was fixed
                    batch.progress += 1
                    batch.positions[_name(tp)] = record.offset
                    decoded = _decode(record.value, tp, record.offset)
                    if decoded is None:
                        batch.unreadable += 1
                    else:
                        batch.events.append(decoded)
            for tp in list(pending):
                if self._consumer.position(tp) >= self._spans[tp].stop:
                    pending.discard(tp)
                    self._consumer.pause(tp)  # fetch nothing beyond the range
            if batch.progress:
                progressed = time.monotonic()
                yield batch
            elif time.monotonic() - progressed > self._stall_seconds:
                raise ReplayError(f"no records from Kafka for {self._stall_seconds:.0f} s")


def _name(tp: TopicPartition) -> str:
    return feed_name(tp.topic, tp.partition)


def _decode(value: bytes, tp: TopicPartition, offset: int) -> RecordedEvent | None:
    try:
        return RecordedEvent.model_validate_json(value)
    except ValidationError:
        # The live projection skips such a record too (kafka_feed): so does the replay.
        log.error("unreadable record at %s-%s@%s skipped", tp.topic, tp.partition, offset)
        return None
