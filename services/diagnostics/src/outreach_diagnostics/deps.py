"""What the diagnostics' routes are given (``outreach_platform.http.deps``)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from outreach_diagnostics.service import DiagnosticsService
from outreach_platform.http.deps import provide


@dataclass(frozen=True)
class DiagnosticsDeps:
    service: DiagnosticsService


DiagnosticsDep = Annotated[DiagnosticsDeps, Depends(provide(DiagnosticsDeps))]
