"""Replay sources read a range fixed up front, from the event store or from Kafka."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kafka import TopicPartition

from outreach_contract.codec import canonical_json
from outreach_contract.v1 import EVENT_ADAPTER
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.feeds import kafka_positions
from outreach_replay.rebuild import SourceKind, choose_source, store_position
from outreach_replay.sources import KafkaSource, ReadBatch, StoreSource
from tests.support.factories import recorded, sent

T0 = datetime(2026, 10, 6, 12, tzinfo=UTC)


def _intake() -> Intake:
    return Intake(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def _post(intake: Intake, envelopes: Sequence[dict[str, Any]]) -> None:
    intake.record("acme", "key1", [EVENT_ADAPTER.validate_python(e) for e in envelopes], T0)


def _read(batches: Sequence[ReadBatch]) -> list[int]:
    return [item.position for batch in batches for item in batch.events]


def test_the_store_source_reads_recorded_events_up_to_its_notification() -> None:
    intake = _intake()
    first = [sent(f"c{i}") for i in range(5)]
    _post(intake, first)
    _post(intake, first[:2])  # duplicates: receipts, not recorded events
    _post(intake, [sent(f"d{i}") for i in range(5)])
    outbox = OutboxReader(intake)
    everything = [e.position for e in outbox.read(0, 100)]
    assert len(everything) == 10

    source = StoreSource(outbox, outbox.head(), batch_size=3)
    batches = list(source.batches())
    assert _read(batches) == everything
    assert [len(b.events) for b in batches] == [3, 3, 3, 1]
    assert batches[-1].positions == {"event-store": everything[-1]}
    assert sum(b.progress for b in batches) <= source.total == outbox.head()

    pinned = StoreSource(outbox, upto=everything[4], batch_size=3)
    assert _read(list(pinned.batches())) == everything[:5]


@dataclass
class FakeConsumer:
    """Just enough of KafkaConsumer: partitions of records, served a few per poll."""

    records: dict[int, list[bytes]]
    begin: dict[int, int] = field(default_factory=dict)
    positions: dict[TopicPartition, int] = field(default_factory=dict)
    paused: set[TopicPartition] = field(default_factory=set)
    assigned: list[TopicPartition] = field(default_factory=list)

    def partitions_for_topic(self, topic: str) -> set[int]:
        return set(self.records)

    def assign(self, tps: list[TopicPartition]) -> None:
        self.assigned = tps

    def beginning_offsets(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        return {tp: self.begin.get(tp.partition, 0) for tp in tps}

    def end_offsets(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        return {tp: len(self.records[tp.partition]) for tp in tps}

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.positions[tp] = offset

    def pause(self, tp: TopicPartition) -> None:
        self.paused.add(tp)

    def position(self, tp: TopicPartition) -> int:
        return self.positions[tp]

    def poll(self, timeout_ms: int) -> dict[TopicPartition, list[Any]]:
        polled = {}
        for tp in self.assigned:
            offset = self.positions[tp]
            values = self.records[tp.partition][offset : offset + 2]
            if tp not in self.paused and values:
                polled[tp] = [Record(offset + i, v) for i, v in enumerate(values)]
                self.positions[tp] = offset + len(values)
        return polled


@dataclass
class Record:
    offset: int
    value: bytes


def _value(n: int) -> bytes:
    return canonical_json(recorded(sent(f"c{n}", candidate_id=f"cand-{n % 2}"), position=n + 1))


def test_the_kafka_source_reads_each_partition_to_its_end_at_start() -> None:
    consumer = FakeConsumer({0: [_value(n) for n in range(5)], 1: [_value(n) for n in range(5, 8)]})
    source = KafkaSource(consumer, "topic")
    consumer.records[0].append(_value(99))  # arrives after the range was fixed
    batches = list(source.batches())
    assert sorted(e.position for b in batches for e in b.events) == list(range(1, 9))
    assert source.total == sum(b.progress for b in batches) == 8
    reached: dict[str, int] = {}
    for batch in batches:
        reached.update(batch.positions)
    assert reached == {"topic-0": 4, "topic-1": 2}


def test_the_kafka_source_stops_where_it_is_told_and_skips_unreadable_records() -> None:
    consumer = FakeConsumer({0: [_value(0), b"not json", _value(2), _value(3)], 1: [_value(4)]})
    source = KafkaSource(consumer, "topic", until={0: 3})
    batches = list(source.batches())
    assert [e.position for b in batches for e in b.events] == [1, 3]
    assert sum(b.unreadable for b in batches) == 1
    assert source.spans["topic-1"].size == 0  # the live model never read partition 1


def test_auto_is_the_feed_the_live_read_model_follows() -> None:
    kafka_fed = {"outreach.events.v1-0": 41, "outreach.events.v1-3": 7, "other.topic-1": 9}
    assert kafka_positions(kafka_fed, "outreach.events.v1") == {0: 41, 3: 7}
    assert choose_source(SourceKind.AUTO, kafka_fed, "outreach.events.v1") is SourceKind.KAFKA
    assert (
        choose_source(SourceKind.AUTO, {"event-store": 12}, "outreach.events.v1")
        is SourceKind.STORE
    )
    assert choose_source(SourceKind.AUTO, {}, "outreach.events.v1") is SourceKind.STORE
    assert choose_source(SourceKind.STORE, kafka_fed, "outreach.events.v1") is SourceKind.STORE
    assert store_position({"event-store": 12}) == 12
    assert store_position(kafka_fed) is None
