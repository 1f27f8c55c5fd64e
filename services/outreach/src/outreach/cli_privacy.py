"""``outreach export``, ``outreach erase`` and ``outreach erasures``: a candidate's copy,
its erasure and the erasure audit (``outreach keys rewrap`` is in the light ``cli_keys``)."""

import getpass
import json
import socket
from typing import Annotated

import typer
from sqlalchemy import select

from outreach.cli_store import admin_settings, open_store
from outreach.composition import open_intake
from outreach.privacy.deps import PrivacyDeps
from outreach.privacy.export import export
from outreach_diagnostics.service import DiagnosticsService
from outreach_diagnostics.spelling import SpellCheck
from outreach_platform.database import read_only
from outreach_platform.personal import erasure
from outreach_platform.personal.keys import erasures
from outreach_platform.publications import PublicationLog
from outreach_platform.readmodel import ReadModel

Partner = Annotated[str, typer.Option(help="the partner whose candidate it is")]


def register(app: typer.Typer) -> None:
    app.command("export")(export_candidate)
    app.command("erase")(erase_candidate)
    app.command("erasures")(list_erasures)


def export_candidate(candidate: str, partner: Partner) -> None:
    """Everything held about a candidate, as the JSON of GET /v1/candidates/{id}/export."""
    settings = admin_settings()
    engine = open_store(settings)
    deps = PrivacyDeps(
        open_intake(settings, engine),
        PublicationLog(engine),
        lambda: DiagnosticsService(ReadModel(engine), settings.rules, SpellCheck(), 0),
    )
    found = export(deps, partner, candidate)
    if found is None:
        typer.echo(f"No candidate {partner}/{candidate} (never recorded, or erased).", err=True)
        raise typer.Exit(1)
    typer.echo(found.model_dump_json(indent=2))


def erase_candidate(
    candidate: str,
    partner: Partner,
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """Erase a candidate: destroy its data key and delete its read-model rows (for good)."""
    settings = admin_settings()
    intake = open_intake(settings, open_store(settings))
    assert intake.vault is not None
    ring = intake.vault.ring
    known = erasure.has_key(ring, partner, candidate) or bool(intake.stream(partner, candidate))
    if erasure.is_erased(ring, partner, candidate) or not known:
        typer.echo(f"No candidate {partner}/{candidate} (never recorded, or erased).", err=True)
        raise typer.Exit(1)
    if not yes:
        typer.confirm(f"Erase {partner}/{candidate} for good?", abort=True)
    done = erasure.erase(
        ring, partner, candidate, f"cli {getpass.getuser()}@{socket.gethostname()}"
    )
    typer.echo(
        f"Erased {partner}/{candidate}: key {done.key_id} destroyed at "
        f"{done.erased_at.isoformat()}, {done.rows_deleted} read-model rows deleted"
    )


def list_erasures(
    partner: Annotated[str | None, typer.Option(help="only this partner's")] = None,
) -> None:
    """The erasure audit: who erased which candidate, when, and which key went (JSON lines)."""
    query = select(erasures).order_by(erasures.c.erasure_id)
    if partner:
        query = query.where(erasures.c.partner == partner)
    with read_only(open_store(admin_settings())).connect() as conn:
        for row in conn.execute(query):
            typer.echo(json.dumps(dict(row._mapping), default=str))
