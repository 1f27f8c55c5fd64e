"""The names of the feeds a read model follows, built and parsed in this one place.

A read model stores, per feed, the last position it applied: ``event-store`` (notification
ids of the event store, the embedded default) or ``<topic>-<partition>`` (Kafka offsets).
The projection, the replay and the audit all read these names.
"""

from collections.abc import Mapping

EVENT_STORE_FEED = "event-store"

Positions = Mapping[str, int]
"""Feed name to the last position applied."""


def kafka_feed(topic: str, partition: int) -> str:
    return f"{topic}-{partition}"


def parse_kafka_feed(name: str) -> tuple[str, int] | None:
    """``(topic, partition)`` of a Kafka feed name; None for any other feed."""
    topic, _, partition = name.rpartition("-")
    return (topic, int(partition)) if topic and partition.isdigit() else None


def kafka_positions(positions: Positions, topic: str) -> dict[int, int]:
    """The last applied offset per partition of ``topic``."""
    found = {}
    for name, offset in positions.items():
        parsed = parse_kafka_feed(name)
        if parsed is not None and parsed[0] == topic:
            found[parsed[1]] = offset
    return found
