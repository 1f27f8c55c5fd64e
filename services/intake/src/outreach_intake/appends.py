"""The domain events one batch appends to its candidates' streams, built without loading
the streams (ADR 0012).

A stream's state is only its version: a known stream's next event is its last stored
version plus one, a new one is opened first. If another writer took that version
meanwhile, the save fails on the store's unique (stream, version) key, exactly as a
stale aggregate would, and the intake reads again.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from outreach_intake.domainmodel import CandidateStream, recorded


class StreamAppends:
    def __init__(self, partner: str, versions: Mapping[UUID, int]) -> None:
        self._partner = partner
        self._versions = versions
        self._streams: dict[str, list[Any]] = {}  # by candidate, first touched first
        self._next: dict[str, tuple[UUID, int]] = {}

    def record(
        self, candidate_id: str, envelope: dict[str, Any], received_at: datetime, key_id: str
    ) -> None:
        stream_id, version = self._next.get(candidate_id) or self._head(candidate_id)
        self._streams[candidate_id].append(
            recorded(stream_id, version + 1, self._partner, envelope, received_at, key_id)
        )
        self._next[candidate_id] = (stream_id, version + 1)

    def events(self) -> list[Any]:
        """Every stream's new events in order, the streams in the order first touched."""
        return [item for events in self._streams.values() for item in events]

    def _head(self, candidate_id: str) -> tuple[UUID, int]:
        stream_id = CandidateStream.create_id(self._partner, candidate_id)
        version = self._versions.get(stream_id)
        if version is None:
            opened = CandidateStream(self._partner, candidate_id)
            self._streams[candidate_id] = list(opened.collect_events())
            return stream_id, opened.version
        self._streams[candidate_id] = []
        return stream_id, version
