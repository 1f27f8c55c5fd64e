"""Which range a replay reads, decided before its first read.

By default a replay stops exactly where the live read model stood when the replay began
(its feed positions, read in the same snapshot as its digests), so the comparison is
exact even while traffic flows. When the live model follows another feed than the one
replayed, or with ``--until end``, the replay reads to the source's end at start.
"""

from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from enum import StrEnum

from kafka.errors import KafkaError

from outreach_platform.feeds import kafka_positions, parse_kafka_feed
from outreach_platform.kafka.clients import make_replay_consumer
from outreach_platform.outbox import Outbox
from outreach_platform.personal.vault import Vault
from outreach_replay.rebuild import SourceKind, store_position
from outreach_replay.sources import KafkaSource, ReplayError, Source, Span, StoreSource


class Until(StrEnum):
    LIVE = "live"
    END = "end"


@dataclass(frozen=True)
class Origins:
    """Where recorded events can be read: the event store (opened only when it is the
    source) and the Kafka topic."""

    open_outbox: Callable[[], Outbox]
    kafka_bootstrap: str
    kafka_topic: str
    open_vault: Callable[[], Vault | None] = lambda: None
    """What opens sealed events (the live key ring); None reads clear records only."""


@dataclass
class Plan:
    source: Source
    pinned: bool  # True: the range ends where the live read model stood
    notes: list[str] = field(default_factory=list)


def open_source(
    kind: SourceKind,
    origins: Origins,
    live_positions: Mapping[str, int],
    until: Until,
    cleanup: ExitStack,
) -> Plan:
    if kind is SourceKind.STORE:
        return _store(origins.open_outbox(), live_positions, until)
    return _kafka(origins, live_positions, until, cleanup)


def _store(outbox: Outbox, live_positions: Mapping[str, int], until: Until) -> Plan:
    head = outbox.head()
    pin = store_position(live_positions) if until is Until.LIVE else None
    plan = Plan(StoreSource(outbox, head if pin is None else pin), pinned=pin is not None)
    if pin is not None and outbox.read(pin, 1):
        plan.notes.append(
            f"The event store holds events after notification {pin}, which the live read "
            "model had not applied yet: they are not part of this comparison."
        )
    elif pin is None:
        plan.notes.append(_unpinned_note(until, "the event store"))
    return plan


def _kafka(
    origins: Origins, live_positions: Mapping[str, int], until: Until, cleanup: ExitStack
) -> Plan:
    topic = origins.kafka_topic
    try:
        consumer = make_replay_consumer(origins.kafka_bootstrap)
    except KafkaError as error:
        raise ReplayError(
            f"Kafka at {origins.kafka_bootstrap} is not reachable: {error!r}"
        ) from error
    cleanup.callback(consumer.close)
    live = kafka_positions(live_positions, topic) if until is Until.LIVE else {}
    pin = {partition: offset + 1 for partition, offset in live.items()} or None
    source = KafkaSource(consumer, topic, pin)
    plan = Plan(source, pinned=pin is not None)
    behind = sum(source.end_offsets[p] - span.stop for p, span in _by_partition(source).items())
    if pin is not None and behind:
        plan.notes.append(
            f"The live read model was {behind:,} records behind the topic's end; "
            "those are not part of this comparison."
        )
    elif pin is None:
        plan.notes.append(_unpinned_note(until, f"topic {topic}"))
    for partition, span in _by_partition(source).items():
        if span.start > 0:
            plan.notes.append(
                f"Partition {partition} now starts at offset {span.start}: earlier records "
                "are gone (retention), so the replay cannot see them."
            )
    return plan


def _by_partition(source: KafkaSource) -> dict[int, Span]:
    found = {}
    for feed, span in source.spans.items():
        parsed = parse_kafka_feed(feed)
        if parsed is not None:
            found[parsed[1]] = span
    return found


def _unpinned_note(until: Until, where: str) -> str:
    why = "as asked" if until is Until.END else "as the live read model follows another feed"
    return (
        f"Reading {where} to its end at start ({why}): events the live read model had not "
        "applied yet when it was read would show as differences."
    )
