"""Copies the claims stored as ``EventClaim`` events (before ADR 0012's claims table) into
the table, once: at every start-up, from where the last copy stopped.

Idempotent: a claim already in the table is left as it is, and the notification id read
through is kept beside it, so a restart reads only what is newer (nothing, once every
writer runs this code: it stores no ``EventClaim``). Decoded through the application's
mapper, so a cipher or compressor in the store's settings still applies.
"""

import logging
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from outreach_intake.claims import Claim, ClaimsRecorder
from outreach_intake.domainmodel import EventClaim

log = logging.getLogger(__name__)

NAME = "claims-from-events"
_TOPIC = get_topic(vars(EventClaim)["Claimed"])
_PAGE = 1_000


def copy_event_claims(app: Application[UUID]) -> int:
    """Copy the claims stored as events since the last copy; how many were read."""
    recorder = cast(ClaimsRecorder, app.recorder)
    after = recorder.copied_through(NAME)
    # Read through the head as it is now, and note it even when no claim was found: the
    # next start then reads only what came after, not every event since the last claim.
    head = app.recorder.max_notification_id() or 0
    read = 0
    while after < head:
        page = app.recorder.select_notifications(
            start=after, limit=_PAGE, stop=head, topics=(_TOPIC,), inclusive_of_start=False
        )
        claims = [_claim(app.mapper.to_domain_event(n)) for n in page]
        after = page[-1].id if len(page) == _PAGE else head
        recorder.copy_claims(claims, NAME, after)
        read += len(claims)
    if read:
        log.info("copied %d claims stored as events into the claims table", read)
    return read


def _claim(claimed: Any) -> Claim:
    return Claim(claimed.partner, claimed.event_id, claimed.candidate_id, claimed.digest)
