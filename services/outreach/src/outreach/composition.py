"""The composition root: which parts each process role is made of, and how they connect.

Every role is the same code with other settings: the embedded default runs them all in
one process and lets the projection follow the event store; the distributed roles talk
through Kafka (ADR 0003). This module is the top of the import graph: it alone imports
the services, and only the command line imports it (an import-linter contract holds both).
"""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from outreach import demo
from outreach.privacy import app as privacy_app
from outreach.privacy.deps import PrivacyDeps
from outreach.settings import OutreachSettings, Role
from outreach.workers import Workers
from outreach_contract.v1 import bounds
from outreach_diagnostics import app as diagnostics_app
from outreach_diagnostics import metrics as diagnostics_metrics
from outreach_diagnostics.coach_service import CoachService, StoredStatuses
from outreach_diagnostics.coach_sql import CoachFigures
from outreach_diagnostics.deps import DiagnosticsDeps
from outreach_diagnostics.flags import run_flag_refresher
from outreach_diagnostics.refresher import VerdictRefresher
from outreach_diagnostics.service import DiagnosticsService
from outreach_diagnostics.spelling import SpellCheck
from outreach_intake import app as intake_app
from outreach_intake import metrics as intake_metrics
from outreach_intake.application import Intake
from outreach_intake.deps import IntakeDeps
from outreach_intake.outbox import OutboxReader
from outreach_platform import metrics as http_metrics
from outreach_platform import quarantine
from outreach_platform.database import create_schema, database_problem, make_engine, schema_lock
from outreach_platform.http import deps, edge, errors, probes, unavailable
from outreach_platform.kafka.topics import EventTopic
from outreach_platform.keys import KeyStore
from outreach_platform.personal import metrics as personal_metrics
from outreach_platform.personal.keys import KeyRing
from outreach_platform.personal.master import master_keys
from outreach_platform.personal.retention import run_retention
from outreach_platform.personal.vault import Vault
from outreach_platform.publications import PublicationLog
from outreach_platform.readmodel import ReadModel
from outreach_projection import metrics as projection_metrics
from outreach_projection.feeds import EventStoreFeed
from outreach_projection.projector import Projector
from outreach_projection.worker import ConsumerGroup, run_kafka_projection
from outreach_projection.write import ProjectionStore
from outreach_relay import metrics as relay_metrics
from outreach_relay.store import RelayStore
from outreach_relay.worker import run_relay
from outreach_replay import app as replay_app
from outreach_replay import runs as _replay_tables  # noqa: F401  (registers its tables)
from outreach_replay.deps import ReplayDeps
from outreach_replay.partner_runs import PartnerRuns
from outreach_replay.plan import Origins
from outreach_webhooks import app as webhooks_app
from outreach_webhooks import backoff
from outreach_webhooks import metrics as webhooks_metrics
from outreach_webhooks.config import WebhookConfig
from outreach_webhooks.deliverer import Deliverer
from outreach_webhooks.deliveries import DeliveryStore
from outreach_webhooks.deps import WebhookDeps
from outreach_webhooks.endpoints import EndpointStore, disabled_counts
from outreach_webhooks.fanout_store import FanOut
from outreach_webhooks.worker import run_fanout


def open_database(settings: OutreachSettings) -> Engine:
    """The SQL database of every table but the event store's, with its schema in place."""
    settings.prepare()
    engine = make_engine(settings.database_url())
    create_schema(engine)
    return engine


def open_vault(settings: OutreachSettings, engine: Engine) -> Vault:
    """The candidates' data keys; refuses to start without a master key on PostgreSQL."""
    return Vault(KeyRing(engine, master_keys(settings)))


def open_intake(settings: OutreachSettings, engine: Engine, vault: Vault | bool = True) -> Intake:
    """``vault``: the one to seal and open with, True for a new one, False for none (a
    relay only moves sealed records and needs no master key)."""
    chosen = open_vault(settings, engine) if vault is True else (vault or None)
    # eventsourcing creates its tables when the application is made: under the lock, like
    # every other table, so that processes starting together do not race.
    with schema_lock(engine):
        return Intake(env=settings.event_store_env(), vault=chosen)


def event_topic(settings: OutreachSettings) -> EventTopic:
    return EventTopic(settings.kafka_bootstrap, settings.kafka_topic, settings.kafka_partitions)


def replay_origins(settings: OutreachSettings, engine: Engine) -> Origins:
    return Origins(
        open_outbox=lambda: OutboxReader(open_intake(settings, engine, vault=False)),
        kafka_bootstrap=settings.kafka_bootstrap,
        kafka_topic=settings.kafka_topic,
        open_vault=lambda: open_vault(settings, engine),
    )


def verdict_deriver(settings: OutreachSettings) -> Callable[[Engine], object]:
    """What a replay runs on its rebuilt store: the stored verdicts, as every diagnostics
    process's refresher computes them (ADR 0013)."""
    spelling = SpellCheck()
    return lambda engine: VerdictRefresher(engine, settings.rules, spelling).catch_up()


def build_app(settings: OutreachSettings, role: Role) -> FastAPI:
    bounds.configure(settings.earliest_occurred_at)  # the contract reads no settings itself
    engine = open_database(settings)
    workers = Workers()
    app = FastAPI(
        title=f"Outreach Diagnostics ({role.value})",
        version="1.0.0",
        description="Why a job seeker's networking is not working: the seven reasons.",
        lifespan=_lifespan(workers, settings.shutdown_seconds - settings.drain_seconds),
    )
    checks = probes.Probes([lambda: database_problem(engine)], list(http_metrics.FAMILIES))
    probes.mount(app, checks)
    deps.register(app, KeyStore(engine))
    errors.install(app)
    unavailable.install(app)  # a database restarting is a 503, never a 500
    vault = open_vault(settings, engine) if role in _SEALING_ROLES else None
    intake = open_intake(settings, engine, vault or False) if role in _EVENT_STORE_ROLES else None
    if intake is not None and role in (Role.EMBEDDED, Role.INTAKE):
        _serve_intake(app, checks, intake, engine)
        _serve_privacy(app, checks, settings, intake, engine)
    if role in (Role.EMBEDDED, Role.DIAGNOSTICS):
        _serve_diagnostics(app, checks, workers, settings, engine)
        _serve_webhooks(app, settings, engine)
        _keep_retention(checks, workers, settings, KeyRing(engine, master=None))
    if role in (Role.EMBEDDED, Role.WEBHOOKS):
        _deliver_webhooks(checks, workers, webhook_config(settings), engine)
    if intake is not None and role is Role.EMBEDDED:
        _follow_event_store(checks, workers, settings, intake, engine, vault)
        if settings.seed_demo and intake.recorder.max_notification_id() is None:
            base_url = f"http://{settings.host}:{settings.port_for(role)}"
            workers.add("demo", lambda _stop: demo.seed_in_background(engine, base_url))
    relays = role is Role.RELAY or (role is Role.INTAKE and settings.relay_in_intake)
    if intake is not None and relays:
        _relay_to_kafka(checks, workers, settings, intake, engine)
    if role is Role.PROJECTION:
        _follow_kafka(checks, workers, settings, engine, vault)
    edge.install(app, settings, checks, service=role.value)
    return app


_EVENT_STORE_ROLES = (Role.EMBEDDED, Role.INTAKE, Role.RELAY)
_SEALING_ROLES = (Role.EMBEDDED, Role.INTAKE, Role.PROJECTION)  # the relay needs no key


def _serve_intake(app: FastAPI, checks: probes.Probes, intake: Intake, engine: Engine) -> None:
    intake_app.mount(app, IntakeDeps(intake, PublicationLog(engine)))
    checks.families += intake_metrics.FAMILIES


def _serve_privacy(
    app: FastAPI, checks: probes.Probes, settings: OutreachSettings, intake: Intake, engine: Engine
) -> None:
    made: list[DiagnosticsService] = []

    def diagnostics() -> DiagnosticsService:
        if not made:  # the first export loads the dictionaries, once
            made.append(DiagnosticsService(ReadModel(engine), settings.rules, SpellCheck(), 1_000))
        return made[0]

    privacy_app.mount(app, PrivacyDeps(intake, PublicationLog(engine), diagnostics))
    checks.families += personal_metrics.FAMILIES


def _keep_retention(
    checks: probes.Probes, workers: Workers, settings: OutreachSettings, ring: KeyRing
) -> None:
    """Erasing destroys keys and deletes rows: no master key is needed for it."""
    checks.families += personal_metrics.FAMILIES
    if settings.retention_days:  # off unless a partner is named
        policy, interval = dict(settings.retention_days), settings.retention_interval_seconds
        workers.add("retention", lambda stop: run_retention(ring, policy, stop, interval))


def _serve_diagnostics(
    app: FastAPI,
    checks: probes.Probes,
    workers: Workers,
    settings: OutreachSettings,
    engine: Engine,
) -> None:
    readmodel, spelling = ReadModel(engine), SpellCheck()
    service = DiagnosticsService(
        readmodel, settings.rules, spelling, settings.state_cache_facts, settings.diagnoses_kept
    )
    diagnostics_app.mount(app, DiagnosticsDeps(service), coach_service(settings, engine, service))
    replay_app.mount(app, ReplayDeps(PartnerRuns(engine)))
    interval = settings.flags_refresh_seconds
    workers.add("flags", lambda stop: run_flag_refresher(engine, stop, interval))
    # Every diagnostics process keeps the stored verdicts current; several share the
    # work safely (ADR 0013).
    # Through the service: states parsed where they moved, and the diagnosis it makes is
    # the one the next request finds (ADR 0018).
    refresher = VerdictRefresher(
        engine, settings.rules, spelling, batch=settings.verdicts_batch, source=service.current
    )
    workers.add("verdicts", lambda stop: refresher.run(stop, settings.verdicts_refresh_seconds))
    checks.families += diagnostics_metrics.FAMILIES


def webhook_config(settings: OutreachSettings) -> WebhookConfig:
    return WebhookConfig(
        allow_private=settings.webhooks_allow_private,
        send=settings.webhooks_send,
        schedule=backoff.parse(settings.webhooks_retry_schedule),
        disable_after=settings.webhooks_disable_after,
        timeout_seconds=settings.webhooks_timeout_seconds,
        concurrency=settings.webhooks_concurrency,
        per_endpoint=settings.webhooks_per_endpoint,
        public_url=settings.public_url,
        idle_seconds=settings.poll_interval_seconds,
    )


def _serve_webhooks(app: FastAPI, settings: OutreachSettings, engine: Engine) -> None:
    stores = EndpointStore(engine), DeliveryStore(engine)
    webhooks_app.mount(app, WebhookDeps(*stores, settings.webhooks_allow_private))


def _deliver_webhooks(
    checks: probes.Probes, workers: Workers, config: WebhookConfig, engine: Engine
) -> None:
    """The fan-out of verdict changes into deliveries, and the deliverer (ADR 0014):
    several processes may run both, their claims keep them from sending one twice."""
    fanout = FanOut(engine, config.public_url, config.gap_grace)
    gauges = lambda: webhooks_metrics.refresh_disabled(lambda: disabled_counts(engine))  # noqa: E731
    workers.add(
        "webhooks-fanout", lambda stop: run_fanout(fanout, stop, config.idle_seconds, gauges)
    )
    if config.send:
        workers.add("webhooks-deliverer", Deliverer(engine, config).run)
    checks.families += webhooks_metrics.FAMILIES


def coach_service(
    settings: OutreachSettings, engine: Engine, service: DiagnosticsService | None = None
) -> CoachService:
    diagnostics = service or DiagnosticsService(ReadModel(engine), settings.rules, SpellCheck())
    figures = CoachFigures(engine, settings.rules.trailing_weeks)
    return CoachService(diagnostics, figures, StoredStatuses(engine), settings.coach)


def _follow_event_store(
    checks: probes.Probes,
    workers: Workers,
    settings: OutreachSettings,
    intake: Intake,
    engine: Engine,
    vault: Vault | None,
) -> None:
    store = ProjectionStore(engine, vault)
    projector = Projector(store, EventStoreFeed(OutboxReader(intake)))
    workers.add("projection", lambda stop: projector.run(stop, settings.poll_interval_seconds))
    _report_quarantine(checks, engine)


def _relay_to_kafka(
    checks: probes.Probes,
    workers: Workers,
    settings: OutreachSettings,
    intake: Intake,
    engine: Engine,
) -> None:
    outbox, progress, topic = OutboxReader(intake), RelayStore(engine), event_topic(settings)
    interval = settings.poll_interval_seconds
    workers.add("relay", lambda stop: run_relay(outbox, progress, topic, stop, interval))
    checks.families += relay_metrics.FAMILIES


def _follow_kafka(
    checks: probes.Probes,
    workers: Workers,
    settings: OutreachSettings,
    engine: Engine,
    vault: Vault | None,
) -> None:
    store, topic = ProjectionStore(engine, vault), event_topic(settings)
    checks.families += personal_metrics.FAMILIES
    group = ConsumerGroup(settings.kafka_group, settings.kafka_session_timeout_seconds)
    interval = settings.poll_interval_seconds
    workers.add(
        "projection", lambda stop: run_kafka_projection(store, topic, group, stop, interval)
    )
    _report_quarantine(checks, engine)


def _report_quarantine(checks: probes.Probes, engine: Engine) -> None:
    """A projecting process shows its metrics, and what waits in the quarantine: on
    /readyz as a degradation (still 200), and as gauges read at each scrape."""
    checks.families += projection_metrics.FAMILIES
    checks.degradations.append(lambda: quarantine.degradation(engine))
    projection_metrics.watch_quarantine(lambda: quarantine.totals(engine))


def _lifespan(
    workers: Workers, stop_seconds: float
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        workers.start()
        try:
            yield
        finally:
            # uvicorn gets here after the requests in flight (its own half of the bound):
            # the loops finish and commit the batch they hold, with its position.
            workers.shutdown(stop_seconds)

    return lifespan


__all__ = [
    "build_app",
    "coach_service",
    "event_topic",
    "open_database",
    "open_intake",
    "open_vault",
    "replay_origins",
    "verdict_deriver",
    "webhook_config",
]
