"""The intake's HTTP app, given its collaborators (the composition root makes them)."""

from fastapi import FastAPI

from outreach_intake.api import router
from outreach_intake.application import Intake
from outreach_intake.metrics import count_refused_body
from outreach_intake.relay_store import RelayStore


def mount(app: FastAPI, intake: Intake, relay_store: RelayStore) -> None:
    app.state.intake = intake
    app.state.relay_store = relay_store  # where the relay put each event, for the audit trail
    app.state.rejection_hooks = [*getattr(app.state, "rejection_hooks", []), count_refused_body]
    app.include_router(router)
