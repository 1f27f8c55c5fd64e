"""A recorded event as a Kafka record, and back.

The key is the candidate's stream key, so that one candidate's events stay in one
partition and in order; the value is the canonical JSON of the recorded event.
"""

import logging

from pydantic import ValidationError

from outreach_contract.codec import canonical_json
from outreach_contract.v1.personal import STORED_ADAPTER, StoredRecord

log = logging.getLogger(__name__)


def encode(item: StoredRecord) -> tuple[bytes, bytes]:
    """``(key, value)`` of the record that carries ``item``."""
    return item.stream_key.encode(), canonical_json(item)


def decode(value: bytes, where: str, offset: int | None = None) -> StoredRecord | None:
    """The recorded event in a record's value, or None (logged) when no version of the
    contract can read it: such a record would block its partition forever, so every reader
    skips it and counts it. ``where`` says which record, for the log (``where@offset``
    with an ``offset``: a feed's name is then not formatted again for every record). A
    sealed record comes back sealed: the reader opens it
    (``outreach_platform.personal.vault``)."""
    try:
        return STORED_ADAPTER.validate_json(value)
    except ValidationError:
        at = where if offset is None else f"{where}@{offset}"
        log.error("unreadable record at %s skipped", at)
        return None
