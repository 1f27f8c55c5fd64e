"""Seals a batch of events before it is recorded, and opens recorded events for readers.

The intake calls ``prepare`` once per batch (the one place events are sealed); the
projection and the replay call ``open`` once per batch, the audit trail and the export
``open_envelopes``. A reader never sees an erased candidate's events: its key is gone,
and its tombstone is read with every batch (``KeyRing.read``).
"""

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from sqlalchemy import Connection

from outreach_contract.codec import (
    canonical_json,
    canonical_json_as,
    jsonable_and_digest,
    to_jsonable,
)
from outreach_contract.v1 import EVENT_ADAPTER, Event, RecordedEvent
from outreach_contract.v1.personal import SealedEvent, StoredRecord, merge, split
from outreach_platform.personal import crypto
from outreach_platform.personal.keys import DataKey, KeyRing


@dataclass(frozen=True)
class Prepared:
    """An event ready to record: its stored envelope and the fingerprint of its content."""

    event_id: str
    candidate_id: str
    envelope: dict[str, Any]
    digest: str
    """What the event's claim stores: keyed by the candidate's data key (ADR 0015), so
    that once the key is gone a guess at an erased field cannot be checked against it."""
    plain_digest: str
    """The unkeyed digest claims held before ADR 0015: a retry of such an event is still
    recognised as the same content."""

    def same_content(self, stored_digest: str) -> bool:
        return stored_digest in (self.digest, self.plain_digest)


class ErasedCandidatesError(Exception):
    def __init__(self, candidate_ids: list[str]) -> None:
        super().__init__(f"erased candidates: {', '.join(candidate_ids)}")
        self.candidate_ids = candidate_ids


@dataclass
class Opened:
    events: list[RecordedEvent] = field(default_factory=list)
    skipped: int = 0
    """Events of erased candidates (or sealed by a key that is gone): left out."""


def in_the_clear(events: Sequence[Event]) -> list[Prepared]:
    """Events prepared without sealing (an intake built without a vault: unit tests)."""
    prepared = []
    for item in events:
        envelope, plain = jsonable_and_digest(item)
        prepared.append(Prepared(str(item.event_id), item.candidate_id, envelope, plain, plain))
    return prepared


class Vault:
    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring

    def prepare(self, partner: str, events: Sequence[Event]) -> list[Prepared]:
        """The batch sealed with each candidate's key (made if new); raises
        ``ErasedCandidatesError`` (nothing sealed) when any of them was erased."""
        keys = self.ring.for_sealing(partner, {item.candidate_id for item in events})
        erased = sorted(c for c, key in keys.items() if key.secret is None)
        if erased:
            raise ErasedCandidatesError(erased)
        digesters = {c: _digest_key(key) for c, key in keys.items()}
        return [
            _seal(partner, item, keys[item.candidate_id], digesters[item.candidate_id])
            for item in events
        ]

    def open(self, records: Sequence[StoredRecord], conn: Connection | None = None) -> Opened:
        """The records as plain recorded events, in order, but for erased candidates'.
        Given the caller's transaction, the tombstones are read (and on PostgreSQL
        locked) in it: an erasure cannot slip between this read and the caller's write."""
        wanted = sorted({(r.partner, r.event.candidate_id) for r in records})
        keys = self.ring.read(conn, wanted, lock=True) if conn else self.ring.lookup(wanted)
        opened = Opened()
        for record in records:
            event = _open(record, keys.get((record.partner, record.event.candidate_id)))
            if event is None:
                opened.skipped += 1
            else:
                opened.events.append(event)
        return opened

    def open_envelopes(
        self, partner: str, candidate_id: str, envelopes: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]] | None:
        """A candidate's stored envelopes as received; None when the candidate was erased."""
        key = self.ring.lookup([(partner, candidate_id)]).get((partner, candidate_id))
        if key is not None and key.secret is None:
            return None
        found = []
        for envelope in envelopes:
            if "sealed" not in envelope:
                found.append(dict(envelope))
                continue
            sealed = SealedEvent.model_validate(envelope)
            found.append(_unseal(partner, sealed, key))
        return found


def _seal(partner: str, item: Event, key: DataKey, digester: bytes) -> Prepared:
    assert key.secret is not None  # prepare refused erased candidates
    plain = to_jsonable(item)
    canonical = canonical_json_as(plain, type(item))  # the bytes digest(item) hashes
    keyed = "k1:" + hmac.new(digester, canonical, hashlib.sha256).hexdigest()
    unkeyed = hashlib.sha256(canonical).hexdigest()
    clear, personal = split(plain)
    envelope = plain
    if personal:
        aad = _aad(partner, item.candidate_id, str(item.event_id))
        box = crypto.seal(key.secret, canonical_json(personal), aad)
        envelope = {**clear, "sealed": {"key_id": key.key_id, "box": box}}
    return Prepared(str(item.event_id), item.candidate_id, envelope, keyed, unkeyed)


def _open(record: StoredRecord, key: DataKey | None) -> RecordedEvent | None:
    if key is not None and key.secret is None:
        return None  # erased: whatever its form, the candidate's events are not read
    if isinstance(record, RecordedEvent):
        return record
    try:
        envelope = _unseal(record.partner, record.event, key)
    except crypto.SealBrokenError:
        return None
    return RecordedEvent(
        partner=record.partner,
        received_at=record.received_at,
        position=record.position,
        event=EVENT_ADAPTER.validate_python(envelope),
    )


def _unseal(partner: str, sealed: SealedEvent, key: DataKey | None) -> dict[str, Any]:
    if key is None or key.secret is None or key.key_id != sealed.sealed.key_id:
        raise crypto.SealBrokenError(f"no key {sealed.sealed.key_id} for {sealed.candidate_id!r}")
    aad = _aad(partner, sealed.candidate_id, str(sealed.event_id))
    personal = _fields(crypto.open_box(key.secret, sealed.sealed.box, aad))
    clear = sealed.model_dump(mode="json", exclude={"sealed"})
    return merge(clear, personal)


def _digest_key(key: DataKey) -> bytes:
    if key.secret is None:
        return b""
    expand = HKDFExpand(hashes.SHA256(), 32, b"outreach content digest")
    return expand.derive(key.secret)


def _aad(partner: str, candidate_id: str, event_id: str) -> bytes:
    # Binds a box to its event: moved onto another event or candidate, it does not open.
    return f"outreach event\x00{partner}\x00{candidate_id}\x00{event_id}".encode()


def _fields(raw: bytes) -> dict[str, Any]:
    loaded = json.loads(raw)
    if not isinstance(loaded, dict):
        raise crypto.SealBrokenError("a sealed box holds an object of fields")
    return loaded
