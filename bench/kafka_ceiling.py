"""Throughput ceiling of a bare kafka-python producer and consumer.

Whatever the relay and the projection do per record comes on top of these
figures: they are the most one Python process gets out of kafka-python on
this machine. The producer sends keyed 300-byte JSON values with acks=all
(idempotent, as the relay's producer) and tuned batching; the consumer
reads the same topic from the beginning and discards the records.

Usage (against a running broker, e.g. ``deploy/kafka/kafka.sh up``)::

    .venv/bin/python bench/kafka_ceiling.py [--records 200000]
        [--bootstrap 127.0.0.1:9092] [--partitions 6] [--batch-size 262144]
        [--linger-ms 10] [--keep-topic]

The topic (``bench.ceiling.<random>``) is created first and deleted at the
end unless --keep-topic is given. Needs ``kafka-python[crc32c]``: without the
C crc32c the producer is several times slower, and the script says so.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import uuid
from dataclasses import dataclass

import kafka
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.record import util as record_util


@dataclass(frozen=True)
class Result:
    records: int
    seconds: float
    payload_bytes: int

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else float("inf")

    @property
    def mib_per_s(self) -> float:
        return self.payload_bytes / self.seconds / 2**20 if self.seconds > 0 else float("inf")


def make_records(count: int, value_size: int, keys: int) -> list[tuple[bytes, bytes]]:
    """Keyed JSON values of exactly ``value_size`` bytes (built before timing)."""
    records = []
    for i in range(count):
        candidate = f"partner-{i % 7}/candidate-{i % keys}"
        body = {
            "event_id": str(uuid.UUID(int=i)),
            "type": "outreach.sent",
            "candidate_id": candidate,
            "seq": i,
            "pad": "",
        }
        raw = json.dumps(body, separators=(",", ":"))
        pad = value_size - len(raw)
        if pad < 0:
            raise SystemExit(f"--value-size {value_size} is below the minimum {len(raw)}")
        body["pad"] = "x" * pad
        value = json.dumps(body, separators=(",", ":")).encode()
        records.append((candidate.encode(), value))
    return records


def create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="bench-admin")
    try:
        admin.create_topics(
            [NewTopic(topic, num_partitions=partitions, replication_factor=1)], timeout_ms=30_000
        )
    finally:
        admin.close()


def delete_topic(bootstrap: str, topic: str) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="bench-admin")
    try:
        admin.delete_topics([topic], timeout_ms=30_000)
    finally:
        admin.close()


def produce(
    bootstrap: str, topic: str, records: list[tuple[bytes, bytes]], batch_size: int, linger_ms: int
) -> Result:
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        batch_size=batch_size,
        linger_ms=linger_ms,
        max_request_size=4 * 2**20,
    )
    failures: list[BaseException] = []
    try:
        # Connect and fetch the topic's metadata before the clock starts.
        producer.partitions_for(topic)
        start = time.perf_counter()
        for key, value in records:
            producer.send(topic, key=key, value=value).add_errback(failures.append)
        producer.flush(timeout=300)
        seconds = time.perf_counter() - start
    finally:
        producer.close(timeout=30)
    if failures:
        raise SystemExit(f"{len(failures)} sends failed, first: {failures[0]!r}")
    return Result(len(records), seconds, sum(len(k) + len(v) for k, v in records))


def consume(bootstrap: str, topic: str, partitions: int, expected: int) -> Result:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=5000,
        fetch_max_bytes=64 * 2**20,
        max_partition_fetch_bytes=8 * 2**20,
    )
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        count = payload = 0
        start = time.perf_counter()
        last_progress = start
        while count < expected:
            polled = consumer.poll(timeout_ms=1000)
            now = time.perf_counter()
            if polled:
                last_progress = now
            elif now - last_progress > 60:
                raise SystemExit(f"consumer stalled at {count}/{expected} records")
            for batch in polled.values():
                count += len(batch)
                for record in batch:  # touch each record, then drop it
                    payload += len(record.key) + len(record.value)
        seconds = time.perf_counter() - start
    finally:
        consumer.close()
    return Result(count, seconds, payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--value-size", type=int, default=300)
    parser.add_argument("--keys", type=int, default=10_000, help="distinct record keys")
    parser.add_argument("--batch-size", type=int, default=256 * 1024)
    parser.add_argument("--linger-ms", type=int, default=10)
    parser.add_argument("--topic", default=None, help="default: bench.ceiling.<random>")
    parser.add_argument("--keep-topic", action="store_true")
    args = parser.parse_args(argv)

    crc_c = record_util.crc32c_c is not None
    print(
        f"kafka-python {kafka.__version__}, Python {platform.python_version()}, "
        f"crc32c C extension: {'yes' if crc_c else 'NO (install kafka-python[crc32c])'}"
    )
    topic = args.topic or f"bench.ceiling.{uuid.uuid4().hex[:8]}"
    records = make_records(args.records, args.value_size, args.keys)
    print(
        f"{args.records} records, {args.value_size}-byte JSON values, {args.keys} keys -> "
        f"{topic} ({args.partitions} partitions) at {args.bootstrap}; "
        f"acks=all, batch_size={args.batch_size}, linger_ms={args.linger_ms}"
    )

    create_topic(args.bootstrap, topic, args.partitions)
    try:
        produced = produce(args.bootstrap, topic, records, args.batch_size, args.linger_ms)
        print(
            f"producer: {produced.rate:>9,.0f} records/s  {produced.mib_per_s:6.1f} MiB/s  "
            f"({produced.records} in {produced.seconds:.2f} s, until flush() returned)"
        )
        consumed = consume(args.bootstrap, topic, args.partitions, args.records)
        print(
            f"consumer: {consumed.rate:>9,.0f} records/s  {consumed.mib_per_s:6.1f} MiB/s  "
            f"({consumed.records} in {consumed.seconds:.2f} s, from offset 0)"
        )
    finally:
        if not args.keep_topic:
            delete_topic(args.bootstrap, topic)
    return 0


if __name__ == "__main__":
    sys.exit(main())
