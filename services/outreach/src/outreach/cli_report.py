"""``outreach report``: a candidate's coach report as a self-contained HTML file, from the
read model (the same page as ``GET /v1/candidates/{id}/report``).

No ``--pdf``: the PDF libraries on PyPI either need system libraries of their own
(WeasyPrint: Pango) or a browser; any browser prints this page to A4 (print CSS), e.g.
``chromium --headless --print-to-pdf=report.pdf report.html`` (ADR 0016)."""

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from outreach.cli_store import admin_settings, open_store
from outreach.composition import coach_service
from outreach_diagnostics.coach_service import render_report


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    candidate: str,
    partner: Annotated[str, typer.Option(help="the partner whose candidate it is")],
    out: Annotated[Path, typer.Option(help="the HTML file to write")] = Path("report.html"),
    as_of: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="as of this day (default: today there)"),
    ] = None,
) -> None:
    """Write a candidate's coach report (charts, the seven reasons, next actions,
    what-if and cohort placement) to an HTML file."""
    settings = admin_settings()
    coach = coach_service(settings, open_store(settings))  # says which store on stderr
    state = coach.diagnostics.state(partner, candidate)
    if state is None:
        raise typer.BadParameter(
            f"partner {partner!r} has no candidate {candidate!r}", param_hint="CANDIDATE"
        )
    day: date | None = as_of.date() if as_of else None
    out.write_text(render_report(coach, state, day), encoding="utf-8")
    typer.echo(f"Wrote the report of {candidate} to {out}")
