"""What the intake's routes are given (``outreach_platform.http.deps``)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from outreach_intake.application import Intake
from outreach_platform.http.deps import provide
from outreach_platform.publications import PublicationLog


@dataclass(frozen=True)
class IntakeDeps:
    intake: Intake
    placements: PublicationLog | None
    """Where the relay put each event, for the audit trail; None when no relay runs."""


IntakeDep = Annotated[IntakeDeps, Depends(provide(IntakeDeps))]
