"""What a replay run looks like to one partner's auditor: ``GET /v1/replays`` and
``outreach replays --partner``."""

from datetime import datetime

from pydantic import BaseModel


class StoreDigest(BaseModel):
    candidates: int
    digest: str


class Differing(BaseModel):
    candidate_id: str
    kind: str
    """differs (both stores hold it, differently), missing (not in the live read model),
    unexpected (only in the live read model)"""


class PartnerRun(BaseModel):
    run_id: int
    started_at: datetime
    finished_at: datetime
    operator: str
    source: str
    partner: str
    events: int
    newest_received_at: datetime | None
    live: StoreDigest | None
    replay: StoreDigest | None
    matched: bool
    differing: int
    differing_candidates: list[Differing]


class Replays(BaseModel):
    replays: list[PartnerRun]
