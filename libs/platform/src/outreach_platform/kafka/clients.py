"""The Kafka clients every role builds, with the settings each role needs (ADR 0005)."""

from kafka import KafkaConsumer, KafkaProducer


def make_producer(bootstrap: str) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,  # with retries, keeps each partition in order and unduplicated
        linger_ms=5,
        batch_size=256 * 1024,
        compression_type=None,
        max_block_ms=10_000,
        request_timeout_ms=10_000,
        delivery_timeout_ms=30_000,
    )


def make_group_consumer(bootstrap: str, group: str, session_timeout: float = 10.0) -> KafkaConsumer:
    """A consumer-group member that commits nothing: its true offsets live in the read
    model, beside the state they produced."""
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
