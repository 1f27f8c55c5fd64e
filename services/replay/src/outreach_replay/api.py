"""``GET /v1/replays``: the replay runs that covered the caller's candidates.

A partner's auditor (a key with ``audit:read``) sees, per run, who ran it and when, how
many of the partner's events it read, and the partner's own digests, result and differing
candidates: never another partner's. ``outreach replays`` shows operators everything.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from outreach_platform.http.auth import require
from outreach_platform.http.openapi import READ_RESPONSES
from outreach_platform.http.routes import PartnerRoute
from outreach_platform.keys import Principal, Scope
from outreach_replay.deps import ReplayDep
from outreach_replay.schemas import Replays

router = APIRouter(prefix="/v1", tags=["audit"], route_class=PartnerRoute)


@router.get(
    "/replays", operation_id="list_replays", response_model=Replays, responses=READ_RESPONSES
)
def list_replays(
    principal: Annotated[Principal, Depends(require(Scope.AUDIT_READ))],
    deps: ReplayDep,
    limit: Annotated[int, Query(ge=1, le=500, description="at most this many runs")] = 50,
) -> Replays:
    """Replay runs over the caller's candidates, newest first, with the caller's share."""
    return Replays(replays=deps.runs.list(principal.partner, limit))
