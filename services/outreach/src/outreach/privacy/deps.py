"""What the export and erasure routes are given (``outreach_platform.http.deps``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from outreach_diagnostics.service import DiagnosticsService
from outreach_intake.application import Intake
from outreach_platform.http.deps import provide
from outreach_platform.publications import PublicationLog


@dataclass(frozen=True)
class PrivacyDeps:
    intake: Intake  # with its vault: the trail opens sealed fields
    placements: PublicationLog | None
    diagnostics: Callable[[], DiagnosticsService]
    """Made on the first export: an intake process loads no dictionary before it needs one."""


PrivacyDep = Annotated[PrivacyDeps, Depends(provide(PrivacyDeps))]
