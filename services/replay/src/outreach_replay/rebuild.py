"""Replay for audits: rebuild a read model from the recorded events, with the live
projection's fold, into a separate store; ``run.replay`` then compares it with the live
one (``snapshot``). No terminal and no settings here: the CLI (through ``run``) and the
benchmark (bench/replay_kafka_to_postgres.py) drive the same ``rebuild``.
"""

import gc
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from outreach_platform.feeds import EVENT_STORE_FEED, kafka_positions
from outreach_replay.sources import ReadBatch, Source
from outreach_replay.writer import ReplayWriter


class SourceKind(StrEnum):
    AUTO = "auto"
    STORE = "store"
    KAFKA = "kafka"


@dataclass
class PartnerScope:
    """What a replay read of one partner's events: shown to that partner's auditors."""

    events: int = 0
    newest_received_at: datetime | None = None


@dataclass
class ReplayStats:
    events: int = 0  # recorded events read, redeliveries included
    applied: int = 0  # of which new to their candidate's state
    progress: int = 0  # the source's units: Kafka records, or notification ids
    unreadable: int = 0
    seconds: float = 0.0
    partners: dict[str, PartnerScope] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Events per second."""
        return self.events / self.seconds if self.seconds > 0 else 0.0

    def count(self, batch: ReadBatch) -> None:
        self.events += len(batch.events)
        self.progress += batch.progress
        self.unreadable += batch.unreadable
        for item in batch.events:
            scope = self.partners.setdefault(item.partner, PartnerScope())
            scope.events += 1
            if scope.newest_received_at is None or item.received_at > scope.newest_received_at:
                scope.newest_received_at = item.received_at


Progress = Callable[[ReplayStats], None]


def rebuild(source: Source, writer: ReplayWriter, progress: Progress | None = None) -> ReplayStats:
    """Fold every event of the source's range into the writer's store."""
    stats = ReplayStats()
    started = time.perf_counter()
    with _without_cyclic_gc():
        for batch in source.batches():
            writer.add(batch.events, batch.positions)
            stats.count(batch)
            stats.seconds = time.perf_counter() - started
            if progress:
                progress(stats)
        stats.applied = writer.finish()
    stats.seconds = time.perf_counter() - started
    return stats


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Suspend the cyclic garbage collector while the replay runs.

    The replay holds hundreds of thousands of events, and every automatic full collection
    walks them all: measured here, that was a third to a half of the replay's time.
    Folding makes no reference cycles (the peak memory of a 1M-event replay was the same
    without any collection), so reference counting frees what a write lets go.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def choose_source(
    requested: SourceKind, live_positions: Mapping[str, int], topic: str
) -> SourceKind:
    """``auto`` is the feed the live read model follows: its positions name it."""
    if requested is not SourceKind.AUTO:
        return requested
    return SourceKind.KAFKA if kafka_positions(live_positions, topic) else SourceKind.STORE


def store_position(live_positions: Mapping[str, int]) -> int | None:
    """The live read model's last applied notification id, if it follows the store."""
    return live_positions.get(EVENT_STORE_FEED)
