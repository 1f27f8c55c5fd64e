"""The composition root: which parts each process role is made of, and how they connect.

Every role is the same code with other settings: the embedded default runs them all in
one process and lets the projection follow the event store; the distributed roles talk
through Kafka (DESIGN.md section 1).
"""

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import cached_property

from fastapi import FastAPI
from sqlalchemy import Engine

from outreach import kafka_roles, replay_api
from outreach.settings import OutreachSettings, Role
from outreach.workers import Loop, Workers
from outreach_diagnostics import metrics as diagnostics_metrics
from outreach_diagnostics.api import router as diagnostics_router
from outreach_diagnostics.flags import run_flag_refresher
from outreach_diagnostics.service import DiagnosticsService
from outreach_diagnostics.spelling import SpellCheck
from outreach_intake import metrics as intake_metrics
from outreach_intake import relay_metrics
from outreach_intake.app import mount as mount_intake
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_intake.relay_store import RelayStore
from outreach_platform import metrics as http_metrics
from outreach_platform.database import database_problem, make_engine, schema_lock
from outreach_platform.http import errors, probes
from outreach_platform.http.limits import BodySizeLimit
from outreach_platform.keys import KeyStore
from outreach_platform.metrics import RequestMetrics
from outreach_platform.readmodel import ReadModel
from outreach_projection import metrics as projection_metrics
from outreach_projection.feeds import EventStoreFeed
from outreach_projection.projector import Projector


class Parts:
    """Builds each part once, on first use, from one set of settings."""

    def __init__(self, settings: OutreachSettings) -> None:
        self.settings = settings
        settings.prepare()

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url())

    @cached_property
    def keys(self) -> KeyStore:
        return KeyStore(self.engine)

    @cached_property
    def intake(self) -> Intake:
        # eventsourcing creates its tables when the application is made: under the lock,
        # like every other table, so that processes starting together do not race.
        with schema_lock(self.engine):
            return Intake(env=self.settings.event_store_env())

    @cached_property
    def relay_store(self) -> RelayStore:
        return RelayStore(self.engine)

    @cached_property
    def readmodel(self) -> ReadModel:
        return ReadModel(self.engine)

    @cached_property
    def spelling(self) -> SpellCheck:
        return SpellCheck()

    @cached_property
    def diagnostics(self) -> DiagnosticsService:
        return DiagnosticsService(self.readmodel, self.settings.rules, self.spelling)

    def store_projector(self) -> Projector:
        return Projector(self.readmodel, EventStoreFeed(OutboxReader(self.intake)))


def build_app(settings: OutreachSettings, role: Role) -> FastAPI:
    parts = Parts(settings)
    workers = Workers()
    app = FastAPI(
        title=f"Outreach Diagnostics ({role.value})",
        version="1.0.0",
        description="Why a job seeker's networking is not working: the seven reasons.",
        lifespan=_lifespan(workers),
    )
    app.state.keys = parts.keys
    app.state.parts = parts
    app.state.readiness = [lambda: database_problem(parts.engine)]
    families = list(http_metrics.FAMILIES)
    app.state.metric_prefixes = families  # /metrics shows what this process does, below
    errors.install(app)
    app.include_router(probes.router)
    if role in (Role.EMBEDDED, Role.INTAKE):
        mount_intake(app, parts.intake, parts.relay_store)
        families += intake_metrics.FAMILIES
    if role in (Role.EMBEDDED, Role.DIAGNOSTICS):
        app.state.diagnostics = parts.diagnostics
        app.include_router(diagnostics_router)
        replay_api.mount(app, parts.engine)
        workers.add("flags", _flag_loop(parts))
        families += diagnostics_metrics.FAMILIES
    if role is Role.EMBEDDED:
        projector = parts.store_projector()
        workers.add("projection", lambda stop: projector.run(stop, settings.poll_interval_seconds))
        families += projection_metrics.FAMILIES
    if role is Role.RELAY or (role is Role.INTAKE and settings.relay_in_intake):
        workers.add("relay", lambda stop: kafka_roles.run_relay(parts, stop))
        families += relay_metrics.FAMILIES
    if role is Role.PROJECTION:
        workers.add("projection", lambda stop: kafka_roles.run_projection(parts, stop))
        families += projection_metrics.FAMILIES
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestMetrics, service=role.value)
    return app


def _flag_loop(parts: Parts) -> Loop:
    def loop(stop: threading.Event) -> None:
        run_flag_refresher(
            parts.readmodel,
            parts.settings.rules,
            parts.spelling,
            stop,
            parts.settings.flags_refresh_seconds,
        )

    return loop


def _lifespan(workers: Workers) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        workers.start()
        try:
            yield
        finally:
            workers.shutdown()

    return lifespan
