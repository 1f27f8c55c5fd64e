"""Where a replay reads recorded events: the event store's notification log, or the Kafka
topic from its first offset. Each reads a range fixed before its first read, so a replay
ends even while traffic flows, and reports positions named as the live feeds name them
(``event-store``, ``<topic>-<partition>``), so a rebuilt store could serve as a live one.
"""

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition

from outreach_contract.v1.personal import StoredRecord
from outreach_platform.feeds import EVENT_STORE_FEED, kafka_feed
from outreach_platform.kafka import records
from outreach_platform.outbox import Outbox


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
    events: list[StoredRecord]
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

    def __init__(self, outbox: Outbox, upto: int, batch_size: int = 5_000) -> None:
        super().__init__("store", {EVENT_STORE_FEED: Span(1, upto + 1)})
        self._outbox, self._upto, self._batch_size = outbox, upto, batch_size

    def batches(self) -> Iterator[ReadBatch]:
        after = 0
        while after < self._upto:
            events = [
                e for e in self._outbox.read(after, self._batch_size) if e.position <= self._upto
            ]
            if not events:
                return  # the notifications left in range are not recorded events
            reached = {EVENT_STORE_FEED: events[-1].position}
            yield ReadBatch(events, reached, events[-1].position - after)
            after = events[-1].position


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
            for tp, fetched in polled.items():
                stop, name = self._spans[tp].stop, _name(tp)
                for record in fetched:
                    if record.offset >= stop:
                        break  # written after the range was fixed
                    batch.progress += 1
                    batch.positions[name] = record.offset
                    # The live projection skips such a record too: so does the replay.
                    decoded = records.decode(record.value, name, record.offset)
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
    return kafka_feed(tp.topic, tp.partition)
