"""Mounts the diagnostics' routes on an app, given their collaborators."""

from fastapi import FastAPI

from outreach_diagnostics import list_api
from outreach_diagnostics.api import router
from outreach_diagnostics.deps import DiagnosticsDeps
from outreach_platform.http import deps


def mount(app: FastAPI, collaborators: DiagnosticsDeps) -> None:
    deps.mount(app, router, collaborators)
    app.include_router(list_api.router)
