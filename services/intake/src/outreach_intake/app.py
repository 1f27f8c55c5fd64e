"""Mounts the intake's routes on an app, given their collaborators."""

from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI

from outreach_intake.api import router
from outreach_intake.deps import IntakeDeps
from outreach_intake.metrics import count_refused_body
from outreach_platform.http import deps, errors, unavailable

# The event store wraps the driver's errors in its own (a pool that times out waiting for
# a connection too: ConnectionUnavailableError is an OperationalError): a 503, not a 500.
STORE_UNREACHABLE = (OperationalError, InterfaceError)


def mount(app: FastAPI, collaborators: IntakeDeps) -> None:
    deps.mount(app, router, collaborators)
    errors.add_rejection_hook(app, count_refused_body)
    unavailable.install(app, STORE_UNREACHABLE)
