"""Mounts the diagnostics' routes on an app, given their collaborators."""

from fastapi import FastAPI

from outreach_diagnostics import coach_api, list_api
from outreach_diagnostics.api import router
from outreach_diagnostics.coach_service import CoachService
from outreach_diagnostics.deps import DiagnosticsDeps
from outreach_platform.http import deps


def mount(app: FastAPI, collaborators: DiagnosticsDeps, coach: CoachService | None = None) -> None:
    deps.mount(app, router, collaborators)
    if coach is not None:
        deps.mount(app, coach_api.router, coach)
    app.include_router(list_api.router)
