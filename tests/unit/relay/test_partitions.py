"""The publisher chooses each record's partition itself (issue 11): it must be the one
kafka-python's default partitioner would have chosen, so a candidate's events stay on
the partition they always went to, in order."""

from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from kafka.partitioner.default import DefaultPartitioner

from outreach_platform.kafka.publisher import KafkaPublisher
from outreach_platform.outbox import OutboxRecord


class _Acked:
    def __init__(self, topic: str, partition: int, offset: int) -> None:
        self.topic, self.partition, self.offset = topic, partition, offset

    def get(self, timeout: float) -> "_Acked":
        return self


class _Producer:
    """Acknowledges every record on the partition it was given."""

    def __init__(self, partitions: set[int]) -> None:
        self._partitions = partitions
        self.sent: list[tuple[bytes, int]] = []

    def partitions_for(self, topic: str) -> set[int]:
        return self._partitions

    def send(self, topic: str, *, key: bytes, value: bytes, partition: int) -> _Acked:
        self.sent.append((key, partition))
        return _Acked(topic, partition, len(self.sent))

    def flush(self, timeout: float) -> None:
        pass


def _record(key: bytes) -> OutboxRecord:
    return OutboxRecord("acme", "e", 1, datetime(2026, 1, 1, tzinfo=UTC), key, b"{}")


@given(
    keys=st.lists(st.binary(min_size=1, max_size=80), min_size=1, max_size=30),
    partitions=st.sets(st.integers(0, 200), min_size=1, max_size=24),
)
def test_each_record_goes_where_the_default_partitioner_puts_it(
    keys: list[bytes], partitions: set[int]
) -> None:
    producer: Any = _Producer(partitions)
    placements = KafkaPublisher(producer, "t").publish([_record(k) for k in keys])
    ordered = sorted(partitions)
    expected = [DefaultPartitioner()(k, ordered, ordered) for k in keys]
    assert [p for _k, p in producer.sent] == expected
    assert [p.partition for p in placements] == expected
