"""Mounts the intake's routes on an app, given their collaborators."""

from fastapi import FastAPI

from outreach_intake.api import router
from outreach_intake.deps import IntakeDeps
from outreach_intake.metrics import count_refused_body
from outreach_platform.http import deps, errors


def mount(app: FastAPI, collaborators: IntakeDeps) -> None:
    deps.mount(app, router, collaborators)
    errors.add_rejection_hook(app, count_refused_body)
