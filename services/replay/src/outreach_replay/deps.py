"""What the replay's routes are given (``outreach_platform.http.deps``)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from outreach_platform.http.deps import provide
from outreach_replay.partner_runs import PartnerRuns


@dataclass(frozen=True)
class ReplayDeps:
    runs: PartnerRuns


ReplayDep = Annotated[ReplayDeps, Depends(provide(ReplayDeps))]
