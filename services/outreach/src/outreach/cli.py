"""The ``outreach`` command: run any process role, and administer keys and demo data.

It reads the same ``OUTREACH_*`` settings as the servers it administers.
"""

import signal
from types import FrameType
from typing import Annotated

import typer
import uvicorn

from outreach import cli_audit, cli_privacy, cli_quarantine, cli_replay
from outreach import demo as demo_data_set
from outreach.composition import build_app, open_database
from outreach.settings import OutreachSettings, Role
from outreach_platform.http.server import uvicorn_options
from outreach_platform.keys import DEFAULT_SCOPES, KeyStore, Scope

app = typer.Typer(help="Outreach Diagnostics: why a job seeker's networking is not working.")
keys_app = typer.Typer(help="API keys: each belongs to one partner and has scopes.")
app.add_typer(keys_app, name="keys")
cli_audit.register(app)  # audit, diagnose
cli_replay.register(app)  # replay, replays
cli_quarantine.register(app)  # quarantine list, quarantine retry
cli_privacy.register(app, keys_app)  # export, erase, erasures, keys rewrap


@app.command()
def serve(role: Annotated[Role, typer.Argument()] = Role.EMBEDDED) -> None:
    """Run one process role (default: everything in one process, on SQLite)."""
    settings = OutreachSettings()
    web = build_app(settings, role)  # the embedded role seeds the demo data into a new store
    port = settings.port_for(role)
    base_url = f"http://{settings.host}:{port}"
    _print_welcome(base_url, role)
    options = uvicorn_options(settings)  # header, keep-alive and concurrency limits
    options["timeout_graceful_shutdown"] = settings.drain_seconds  # the workers: the rest
    signal.signal(signal.SIGTERM, _stopped_on_request)
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
    settings = OutreachSettings.for_admin()
    embedded = url or f"http://{settings.host}:{settings.port_for(Role.EMBEDDED)}"
    intake = url or settings.intake_url or embedded
    diagnostics = url or settings.diagnostics_url or embedded
    demo_data_set.seed(_keys(settings), intake, diagnostics)


@keys_app.command("create")
def keys_create(
    partner: Annotated[str, typer.Option(help="the partner that owns the key")],
    scopes: Annotated[
        str,
        typer.Option(
            help="comma-separated: events:write, diagnoses:read, audit:read (the default); "
            "candidates:export and candidates:erase only when named"
        ),
    ] = ",".join(DEFAULT_SCOPES),
) -> None:
    """Create a key; it is printed once, as the last word of the output."""
    chosen = tuple(Scope(s.strip()) for s in scopes.split(",") if s.strip())
    key = _keys(OutreachSettings.for_admin()).create(partner, chosen)
    typer.echo(f"Created a key for partner {partner} with scopes {','.join(chosen)}: {key}")


@keys_app.command("list")
def keys_list(partner: Annotated[str | None, typer.Option()] = None) -> None:
    """List keys (never their secrets)."""
    for row in _keys(OutreachSettings.for_admin()).list(partner):
        revoked = f" revoked {row['revoked_at']:%Y-%m-%d}" if row["revoked_at"] else ""
        typer.echo(f"{row['key_id']}  {row['partner']}  {row['scopes']}{revoked}")


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id (the 12 hex characters after 'od_')."""
    if not _keys(OutreachSettings.for_admin()).revoke(key_id):
        raise typer.BadParameter(f"no active key {key_id}")
    typer.echo(f"Revoked {key_id}")


def _keys(settings: OutreachSettings) -> KeyStore:
    return KeyStore(open_database(settings))


def _print_welcome(base_url: str, role: Role) -> None:
    typer.echo(
        f"Outreach Diagnostics ({role.value}) on {base_url} (API docs: {base_url}/docs)\n"
        "  Get a key:   .venv/bin/outreach keys create --partner acme\n"
        f"  Post events: curl -X POST {base_url}/v1/events -H 'Authorization: Bearer <key>' "
        "-H 'Content-Type: application/json' -d @events.json   (README: 'A worked example')"
    )


def main() -> None:
    app()
