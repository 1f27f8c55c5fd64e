"""Creates the event topic when it is missing: the project owns its topics (the broker
does not auto-create them), so the partition count is a setting, not an accident."""

import time
from dataclasses import dataclass

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError


def ensure_topic(bootstrap: str, topic: str, partitions: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            _create(bootstrap, topic, partitions)
            return
        except KafkaError:
            # The broker may still be starting; every role calls this on start.
            if time.monotonic() > deadline:
                raise
            time.sleep(1.0)


def _create(bootstrap: str, topic: str, partitions: int) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    try:
        if topic in admin.list_topics():
            return
        admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)])
    except TopicAlreadyExistsError:
        pass  # another process won the race
    finally:
        admin.close()


@dataclass(frozen=True)
class EventTopic:
    """Where the events travel: the broker, the topic and how many partitions it has."""

    bootstrap: str
    name: str
    partitions: int

    def ensure(self) -> None:
        ensure_topic(self.bootstrap, self.name, self.partitions)
