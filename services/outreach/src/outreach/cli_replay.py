"""``outreach replay`` and ``outreach replays``: rebuild the read model into a separate
store, compare it with the live one, record the run; and list the runs."""

import getpass
import json
import socket
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from kafka.errors import KafkaError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import make_url

from outreach import heap, replay_report
from outreach.cli_store import admin_settings, open_store
from outreach.composition import replay_origins, verdict_deriver
from outreach_replay import run as replay_run
from outreach_replay.partner_runs import PartnerRuns
from outreach_replay.plan import Plan, Until
from outreach_replay.rebuild import ReplayStats, SourceKind
from outreach_replay.run import ReplayRequest, TargetNotEmptyError
from outreach_replay.runs import RunStore
from outreach_replay.sources import ReplayError

MISMATCH, UNUSABLE = 1, 2  # exit codes (0: the stores match)


def register(app: typer.Typer) -> None:
    app.command("replay")(replay)
    app.command("replays")(replays)


def replay(
    source: Annotated[
        SourceKind,
        typer.Option(help="where to read events: auto = the feed the live read model follows"),
    ] = SourceKind.AUTO,
    into: Annotated[
        str | None,
        typer.Option(help="SQLAlchemy URL of an empty store (default: a temporary SQLite file)"),
    ] = None,
    until: Annotated[
        Until,
        typer.Option(
            help="live = exactly as far as the live read model had got when the replay started "
            "(compares exactly while traffic flows); end = the source's end at start"
        ),
    ] = Until.LIVE,
    operator: Annotated[str | None, typer.Option(help="who runs it (default: user@host)")] = None,
    memory_events: Annotated[
        int,
        typer.Option(
            min=1,
            help="events held in memory; beyond, the least recently active candidates are "
            "written (more: fewer rewrites, more memory, about 2 kB an event)",
        ),
    ] = 250_000,
) -> None:
    """Rebuild the read model from the recorded events and compare it with the live one.

    Prints both digests (and each partner's) and records the run; exits 1 and lists the
    differing candidates when the stores differ.
    """
    settings = admin_settings()
    engine = open_store(settings)
    console = Console()
    with ExitStack() as cleanup:
        request = ReplayRequest(
            source=source,
            target_url=into or _temporary_store(cleanup),
            target_label=_safe(into) if into else "temporary SQLite store (deleted)",
            until=until,
            operator=operator or f"{getpass.getuser()}@{socket.gethostname()}",
            memory_events=memory_events,
        )
        with _progress(console) as bar:
            task = bar.add_task("replaying", total=1, rate="", visible=False)

            def planned(plan: Plan) -> None:
                replay_report.print_plan(console, plan, _safe(request.target_url))
                bar.update(task, total=plan.source.total or 1, visible=True)

            def progressed(stats: ReplayStats) -> None:
                bar.update(task, completed=stats.progress, rate=f"{stats.rate:,.0f} events/s")

            try:
                origins = replay_origins(settings, engine)
                heap.settle()  # before the events it holds: those are collected as usual
                outcome = replay_run.replay(
                    engine, origins, request, planned, progressed, derive=verdict_deriver(settings)
                )
            except TargetNotEmptyError as error:
                console.print(f"[red]{error}.")
                raise typer.Exit(UNUSABLE) from error
            except (ReplayError, KafkaError) as error:
                console.print(f"[red]Cannot replay: {error!r}")
                raise typer.Exit(UNUSABLE) from error
            bar.update(task, completed=bar.tasks[0].total)  # gaps in the log are progress too
    replay_report.print_result(console, outcome)
    if outcome.differing:
        raise typer.Exit(MISMATCH)


def replays(
    partner: Annotated[
        str | None, typer.Option(help="show only this partner's share of each run")
    ] = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of text")] = False,
) -> None:
    """List recorded replay runs, newest first."""
    engine = open_store(admin_settings())
    if partner:
        views = PartnerRuns(engine).list(partner, limit)
        if as_json:
            typer.echo(json.dumps([v.model_dump(mode="json") for v in views], indent=2))
        for view in [] if as_json else views:
            typer.echo(replay_report.describe_partner_run(view))
        return
    rows = RunStore(engine).runs(limit)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, default=str))
        return
    for row in rows:
        typer.echo(replay_report.describe_run(row))


def _temporary_store(cleanup: ExitStack) -> str:
    directory = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="outreach-replay-")))
    return f"sqlite:///{directory / 'readmodel.db'}"


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
    )
