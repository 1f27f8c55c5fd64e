"""``outreach replay`` and ``outreach replays``: rebuild the read model into a separate
store, compare it with the live one, record the run; and list the runs."""

import getpass
import json
import socket
import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from kafka.errors import KafkaError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import make_url

from outreach import replay_plan, replay_report
from outreach.composition import Parts
from outreach.replay import ReplayStats, SourceKind, choose_source, rebuild
from outreach.replay_api import partner_runs
from outreach.replay_runs import RunRecord, RunStore
from outreach.replay_sources import ReplayError
from outreach.replay_writer import ReplayWriter
from outreach.settings import OutreachSettings
from outreach.snapshot import snapshot
from outreach_domain.digest import compare_by_partner
from outreach_platform.database import make_engine

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
        replay_plan.Until,
        typer.Option(
            help="live = exactly as far as the live read model had got when the replay started "
            "(compares exactly while traffic flows); end = the source's end at start"
        ),
    ] = replay_plan.Until.LIVE,
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
    settings = OutreachSettings.for_admin()
    parts = Parts(settings)
    console = Console()
    started_at = datetime.now(UTC)
    live = snapshot(parts.engine)
    kind = choose_source(source, live.positions, settings.kafka_topic)
    with ExitStack() as cleanup:
        target = into or _temporary_store(cleanup)
        engine = make_engine(target)
        cleanup.callback(engine.dispose)  # before a temporary store's directory goes
        writer = ReplayWriter(engine, memory_events)
        if not writer.is_fresh():
            console.print(
                f"[red]{_safe(target)} already holds a read model: replay into an empty store."
            )
            raise typer.Exit(UNUSABLE)
        try:
            plan = replay_plan.open_source(kind, parts, live.positions, until, cleanup)
        except ReplayError as error:
            console.print(f"[red]Cannot replay: {error}")
            raise typer.Exit(UNUSABLE) from error
        replay_report.print_plan(console, plan, _safe(target))
        try:
            stats = _rebuild_with_progress(console, plan, writer, kind)
        except (ReplayError, KafkaError) as error:
            console.print(f"[red]The replay stopped: {error!r}")
            raise typer.Exit(UNUSABLE) from error
        if not plan.pinned:
            live = snapshot(parts.engine)  # as late as possible: the live model caught up
        rebuilt = snapshot(writer.engine)
    partners = compare_by_partner(rebuilt.digests, live.digests)
    run = RunRecord(
        started_at=started_at,
        finished_at=datetime.now(UTC),
        operator=operator or f"{getpass.getuser()}@{socket.gethostname()}",
        source=kind.value,
        source_range={feed: (s.start, s.stop - 1) for feed, s in plan.source.spans.items()},
        target=_safe(target) if into else "temporary SQLite store (deleted)",
        events=stats.events,
        seconds=stats.seconds,
        live_digest=live.digests.total,
        replay_digest=rebuilt.digests.total,
        partners=partners,
        scopes=stats.partners,
    )
    run_id = RunStore(parts.engine).record(run)
    replay_report.print_result(console, stats, live.digests, rebuilt.digests, partners, run_id)
    if run.differing:
        raise typer.Exit(MISMATCH)


def replays(
    partner: Annotated[
        str | None, typer.Option(help="show only this partner's share of each run")
    ] = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of text")] = False,
) -> None:
    """List recorded replay runs, newest first."""
    engine = Parts(OutreachSettings.for_admin()).engine
    if partner:
        views = partner_runs(engine, partner, limit)
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


def _rebuild_with_progress(
    console: Console, plan: replay_plan.Plan, writer: ReplayWriter, kind: SourceKind
) -> ReplayStats:
    total = plan.source.total or 1
    with _progress(console) as bar:
        task = bar.add_task(f"replaying from {kind.value}", total=total, rate="")
        stats = rebuild(
            plan.source,
            writer,
            lambda s: bar.update(task, completed=s.progress, rate=f"{s.rate:,.0f} events/s"),
        )
        bar.update(task, completed=total)  # gaps in the log are progress too
    return stats


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
