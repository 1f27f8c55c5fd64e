"""Mounts the replay's routes on an app, given their collaborators."""

from fastapi import FastAPI

from outreach_platform.http import deps
from outreach_replay.api import router
from outreach_replay.deps import ReplayDeps


def mount(app: FastAPI, collaborators: ReplayDeps) -> None:
    deps.mount(app, router, collaborators)
