"""``outreach audit`` and ``outreach diagnose``: a candidate's history and its diagnosis as
it stood, both from the event store (the source of truth, not the read model)."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, TypeVar

import typer

from outreach.cli_store import admin_settings, open_store
from outreach.composition import open_intake
from outreach_contract.codec import canonical_json
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.spelling import SpellCheck
from outreach_domain import apply_all, empty_state
from outreach_intake.history import Trail, TrailEntry, audit_trail
from outreach_intake.schemas import AuditTrail
from outreach_platform.publications import PublicationLog

Partner = Annotated[str, typer.Option(help="the partner whose candidate it is")]
AsJson = Annotated[bool, typer.Option("--json", help="print JSON instead of text")]
T = TypeVar("T")


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
    app.command("diagnose")(diagnose_as_of)


def audit(candidate: str, partner: Partner, as_json: AsJson = False) -> None:
    """A candidate's full history, from the event store.

    Every event with its envelope, when and with which key it was received, its position
    in the event store, its Kafka partition and offset once published, and every
    duplicate receipt.
    """
    trail = _trail(partner, candidate)
    if as_json:
        typer.echo(AuditTrail.of(trail).model_dump_json(indent=2))
        return
    typer.echo(
        f"Audit trail of {partner}/{candidate}: {len(trail.entries)} events, in the order received"
    )
    for entry in trail.entries:
        typer.echo(_describe(entry, partner))


def diagnose_as_of(
    candidate: str,
    partner: Partner,
    as_of: Annotated[str, typer.Option(help="YYYY-MM-DD: count events that occurred by then")],
    known_at: Annotated[
        str | None,
        typer.Option(help="RFC 3339 with an offset: count only events received by then"),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """The diagnosis as it would have been on a day, from the event store.

    Only events that occurred by --as-of count; with --known-at, only those the system
    had received by that moment too.
    """
    day = _parse(date.fromisoformat, as_of, "--as-of")
    moment = _parse(datetime.fromisoformat, known_at, "--known-at") if known_at else None
    if moment is not None and moment.tzinfo is None:
        raise typer.BadParameter(
            "needs an offset, e.g. 2026-10-05T12:00:00+00:00", param_hint="--known-at"
        )
    settings = admin_settings()
    trail = _trail(partner, candidate)
    state = apply_all(empty_state(partner, candidate), trail.recorded_events())
    result = diagnose(state, day, settings.rules, SpellCheck(), known_at=moment)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    when = f" as known at {moment.isoformat()}" if moment else ""
    typer.echo(
        f"Diagnosis of {partner}/{candidate} as of {day}{when}: {result.events_considered} of "
        f"{len(trail.entries)} recorded events considered (from the event store)"
    )
    for verdict in result.reasons:
        status, reason = verdict.status.value, verdict.reason.value
        typer.echo(f"  {status:<17} {verdict.score:5.3f}  {reason}: {verdict.summary}")
        typer.echo(f"{'':<26}advice: {verdict.advice}")


def _trail(partner: str, candidate: str) -> Trail:
    settings = admin_settings()
    engine = open_store(settings)
    trail = audit_trail(open_intake(settings, engine), PublicationLog(engine), partner, candidate)
    if not trail.entries:
        # Most likely a typo in the id or the partner: a usage error, as a 404 is over HTTP.
        raise typer.BadParameter(
            f"No events recorded for {partner}/{candidate}",
            param_hint="CANDIDATE",
        )
    return trail


def _describe(entry: TrailEntry, partner: str) -> str:
    placed, event = entry.placement, entry.envelope
    kafka = (
        f"Kafka {placed.topic} partition {placed.partition} offset {placed.offset}"
        if placed
        else "not published to Kafka"
    )
    lines = [
        f"- {event['event_id']} {event['type']} occurred {event['occurred_at']}",
        f"  position {entry.position} in the event store; {kafka}",
        f"  received {entry.received_at.isoformat()} with key {entry.key_id} of partner {partner}",
    ]
    if entry.receipt_count > 1:
        last, repeats = entry.receipts[-1], entry.receipt_count - 1
        lines.append(
            f"  duplicate received {last.received_at.isoformat()} with key {last.key_id}"
            + (f" (the last of {repeats} duplicates)" if repeats > 1 else "")
        )
    lines.append(f"  envelope {canonical_json(event).decode()}")
    return "\n".join(lines)


def _parse(parse: Callable[[str], T], value: str, option: str) -> T:
    try:
        return parse(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from error
