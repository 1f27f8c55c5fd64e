"""``outreach quarantine list|retry``: the events the fold could not apply (ADR 0009).

The projection sets such an event aside for its one candidate, with the candidate's later
events held behind it; after a fix (a rules or fold upgrade) ``retry`` applies them again.
"""

from typing import Annotated

import typer

from outreach.cli_store import admin_settings, open_store
from outreach_platform import quarantine
from outreach_platform.database import read_only
from outreach_projection.write import ProjectionStore

Partner = Annotated[str | None, typer.Option(help="only this partner's candidates")]
Candidate = Annotated[str | None, typer.Option(help="only this candidate (with --partner)")]

quarantine_app = typer.Typer(help="Events set aside because the fold could not apply them.")


def register(app: typer.Typer) -> None:
    app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.command("list")
def list_quarantined(partner: Partner = None, candidate: Candidate = None) -> None:
    """Every quarantined event, by candidate and in feed order, with why it waits."""
    engine = open_store(admin_settings())
    with read_only(engine).connect() as conn:
        found = quarantine.entries(conn, partner, candidate)
    if not found:
        typer.echo("Nothing is quarantined.")
        return
    typer.echo(
        quarantine.Totals(len(found), len({(e.partner, e.candidate_id) for e in found})).sentence()
    )
    for entry in found:
        typer.echo(
            f"- {entry.partner}/{entry.candidate_id} {entry.event_id} {entry.event_type} "
            f"position {entry.position}, {entry.attempts} attempts, "
            f"first seen {entry.first_seen.isoformat()}, last seen {entry.last_seen.isoformat()}"
        )
        typer.echo(f"  {entry.error}")


@quarantine_app.command("retry")
def retry(partner: Partner = None, candidate: Candidate = None) -> None:
    """Apply quarantined events again; those that apply leave the quarantine.

    Exits 1 when events are still quarantined afterwards.
    """
    if candidate is not None and partner is None:
        raise typer.BadParameter("a candidate id is a partner's own: give --partner too")
    store = ProjectionStore(open_store(admin_settings()))
    results = store.retry_quarantined(partner, candidate)
    if not results:
        typer.echo("Nothing is quarantined.")
        return
    for result in results:
        still = (
            f"; {result.remaining} still quarantined: {result.error}" if result.remaining else ""
        )
        typer.echo(f"{result.partner}/{result.candidate_id}: {result.released} applied{still}")
    if any(result.remaining for result in results):
        raise typer.Exit(1)
