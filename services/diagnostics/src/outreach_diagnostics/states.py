"""Parsed states kept between diagnoses, read again only where the read model moved.

Parsing a candidate's facts is the larger part of a diagnosis of a long history (issue
11: 129 ms at 10,000 facts), and a coach asks for the same candidates again and again.
Facts are appended, each with the candidate's next ``seq`` (ADR 0011), so a state known
up to one ``seq`` is brought up to date by the rows after it: a request reads the
candidate's header, and parses nothing when the header has not moved. The cache is
bounded by the facts it holds (least recently asked for candidates go first), and a
cached state carries its views (the index by type, local days) from one diagnosis to
the next, and what was derived from it (``Cached.derived``: the diagnoses already given,
dropped with the state when the candidate moves).
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from outreach_domain import CandidateState
from outreach_domain.fold import extended, from_facts
from outreach_platform.readmodel import ReadModel

CandidateKey = tuple[str, str]


@dataclass(frozen=True)
class Cached:
    seq: int  # the state holds every fact stored up to this seq
    state: CandidateState
    derived: dict[Any, Any] = field(default_factory=dict, compare=False)


class StateCache:
    def __init__(self, readmodel: ReadModel, max_facts: int = 50_000) -> None:
        self._readmodel = readmodel
        self._max_facts = max_facts
        self._entries: OrderedDict[CandidateKey, Cached] = OrderedDict()
        self._facts = 0
        self._lock = threading.Lock()  # requests are served from a pool of threads

    def get(self, partner: str, candidate_id: str) -> CandidateState | None:
        found = self.entry(partner, candidate_id)
        return found.state if found else None

    def entry(self, partner: str, candidate_id: str) -> Cached | None:
        """The candidate's state as stored now, with what was derived from it."""
        key = (partner, candidate_id)
        header = self._readmodel.header(partner, candidate_id)
        if header is None:
            self._forget(key)
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
        if entry is not None and entry.seq == header.last_seq:
            return entry
        state = None
        if entry is not None and entry.seq < header.last_seq:
            # Only the rows after the cached seq (and up to the header's, which a writer
            # committed with them: a row appended since is read on the next request).
            new = self._readmodel.facts(*key, after=entry.seq, through=header.last_seq)
            if not any(fact.event_id in entry.state.event_ids for fact in new):
                state = extended(entry.state, new)
        if state is None or len(state.facts) != header.facts:
            # Nothing cached, or the store is not the one the cache was read from (say,
            # a rebuilt read model): read the candidate again.
            state = from_facts(*key, self._readmodel.facts(*key, through=header.last_seq))
        entry = Cached(header.last_seq, state)
        self._keep(key, entry)
        return entry

    def _keep(self, key: CandidateKey, entry: Cached) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            self._facts -= len(old.state.facts) if old else 0
            if len(entry.state.facts) > self._max_facts:
                return  # larger than the whole cache: served, not kept
            self._entries[key] = entry
            self._facts += len(entry.state.facts)
            while self._facts > self._max_facts:
                _, evicted = self._entries.popitem(last=False)
                self._facts -= len(evicted.state.facts)

    def _forget(self, key: CandidateKey) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            self._facts -= len(old.state.facts) if old else 0
