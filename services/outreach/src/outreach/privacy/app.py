"""Mounts the export and erasure routes on an app, given their collaborators."""

from fastapi import FastAPI

from outreach.privacy.api import router
from outreach.privacy.deps import PrivacyDeps
from outreach_platform.http import deps


def mount(app: FastAPI, collaborators: PrivacyDeps) -> None:
    deps.mount(app, router, collaborators)
