"""The intake's HTTP app, given its collaborators (the composition root makes them)."""

from fastapi import FastAPI

from outreach_intake.api import router
from outreach_intake.application import Intake
from outreach_intake.metrics import count_refused_body


def mount(app: FastAPI, intake: Intake) -> None:
    app.state.intake = intake
    app.state.rejection_hooks = [*getattr(app.state, "rejection_hooks", []), count_refused_body]
    app.include_router(router)
