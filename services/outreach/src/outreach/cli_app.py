"""The ``outreach`` command in full: run any process role, and administer keys, demo data,
audits, replays, the quarantine and erasures (``outreach.cli.main`` runs it).

It reads the same ``OUTREACH_*`` settings as the servers it administers.
"""

import signal
from types import FrameType
from typing import Annotated

import typer
import uvicorn

from outreach import (
    cli_audit,
    cli_keys,
    cli_openapi,
    cli_privacy,
    cli_quarantine,
    cli_replay,
    cli_report,
    heap,
    logs,
)
from outreach import demo as demo_data_set
from outreach.cli_store import admin_settings, describe
from outreach.composition import build_app
from outreach.settings import OutreachSettings, Role
from outreach_platform.http.server import uvicorn_options

app = typer.Typer(
    help="Outreach Diagnostics: why a job seeker's networking is not working.",
    no_args_is_help=True,
)
app.add_typer(cli_keys.keys_app, name="keys")
cli_audit.register(app)  # audit, diagnose
cli_replay.register(app)  # replay, replays
cli_quarantine.register(app)  # quarantine list, quarantine retry
cli_openapi.register(app)  # openapi (make openapi)
cli_report.register(app)  # report
cli_privacy.register(app)  # export, erase, erasures (keys rewrap: cli_keys)


@app.callback()
def _options(_version: cli_keys.VersionOption = False) -> None:
    """Outreach Diagnostics: why a job seeker's networking is not working."""


@app.command()
def serve(role: Annotated[Role, typer.Argument()] = Role.EMBEDDED) -> None:
    """Run one process role (default: everything in one process, on SQLite)."""
    settings = OutreachSettings()
    logs.configure(settings.log_level)
    web = build_app(settings, role)  # the embedded role seeds the demo data into a new store
    port = settings.port_for(role)
    base_url = f"http://{settings.host}:{port}"
    _print_welcome(base_url, role)
    typer.echo(f"store: {describe(settings)}", err=True)
    options = uvicorn_options(settings)  # header, keep-alive and concurrency limits
    options["timeout_graceful_shutdown"] = settings.drain_seconds  # the workers: the rest
    signal.signal(signal.SIGTERM, _stopped_on_request)
    heap.settle()  # the app is built: its objects need no more collecting
    uvicorn.run(web, host=settings.host, port=port, log_level="warning", **options)


def _stopped_on_request(_signal: int, _frame: FrameType | None) -> None:
    # uvicorn handles SIGTERM itself (requests drained, lifespan shut down: the workers
    # commit their batch) and then raises the signal again for the handler it found. The
    # default one would end the process as "killed by SIGTERM"; a requested stop that
    # went to plan exits 0, which is what orchestrators read as a clean stop.
    raise SystemExit(0)


@app.command()
def demo(url: Annotated[str, typer.Option(help="a running embedded server")] = "") -> None:
    """Load the demo data set again (through the HTTP API of a running server: the
    embedded one, or the intake of the stack ``make stack`` runs)."""
    settings = admin_settings()
    embedded = url or f"http://{settings.host}:{settings.port_for(Role.EMBEDDED)}"
    intake = url or settings.intake_url or embedded
    diagnostics = url or settings.diagnostics_url or embedded
    demo_data_set.seed(cli_keys.key_store(settings), intake, diagnostics)


def _print_welcome(base_url: str, role: Role) -> None:
    typer.echo(
        f"Outreach Diagnostics ({role.value}) on {base_url} (API docs: {base_url}/docs)\n"
        "  Get a key:   .venv/bin/outreach keys create --partner acme\n"
        f"  Post events: curl -X POST {base_url}/v1/events -H 'Authorization: Bearer <key>' "
        "-H 'Content-Type: application/json' -d @events.json   (README: 'A worked example')"
    )
