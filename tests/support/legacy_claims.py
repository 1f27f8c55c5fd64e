"""Writes a batch the way the intake did before the claims table (ADR 0012, up to
51251be): the stream events and one ``EventClaim`` event per event id, in one save, and
no claims row. For tests that a store written by that code still reads the same."""

from collections.abc import Sequence
from datetime import datetime

from outreach_contract.v1.events import Event
from outreach_intake.appends import StreamAppends
from outreach_intake.application import Intake
from outreach_intake.domainmodel import CandidateStream, claim_id, claimed
from outreach_platform.personal.vault import in_the_clear


def record_the_old_way(
    intake: Intake, partner: str, key_id: str, events: Sequence[Event], received_at: datetime
) -> None:
    prepared = in_the_clear(events)
    streams = {CandidateStream.create_id(partner, e.candidate_id) for e in prepared}
    appends = StreamAppends(partner, intake._heads.versions(streams))
    claims = []
    for item in prepared:
        appends.record(item.candidate_id, item.envelope, received_at, key_id)
        claim = claim_id(partner, item.event_id)
        claims.append(claimed(claim, partner, item.event_id, item.candidate_id, item.digest))
    intake.events.put([*appends.events(), *claims])  # no claims= : the old layout
