"""Mounts the webhooks' routes on an app, given their collaborators."""

from fastapi import FastAPI

from outreach_platform.http import deps
from outreach_webhooks.api import router
from outreach_webhooks.deps import WebhookDeps


def mount(app: FastAPI, collaborators: WebhookDeps) -> None:
    deps.mount(app, router, collaborators)
