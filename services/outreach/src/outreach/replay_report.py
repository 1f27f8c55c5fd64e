"""What ``outreach replay`` and ``outreach replays`` print. Digests are printed whole and
never wrapped: auditors copy them."""

import json
from datetime import UTC, datetime
from typing import Any

from rich.console import Console

from outreach_domain.digest import PartnerDigest
from outreach_replay.plan import Plan
from outreach_replay.run import ReplayOutcome
from outreach_replay.schemas import PartnerRun

SHOWN_DIFFERENCES = 50


def print_plan(console: Console, plan: Plan, target: str) -> None:
    source = plan.source
    where = "the event store" if source.kind == "store" else "Kafka"
    _line(console, f"Replaying from {where} into {target}")
    unit = "notifications" if source.kind == "store" else "offsets"
    for feed, span in source.spans.items():
        covered = f"{span.start}..{span.stop - 1}" if span.size else "nothing"
        _line(console, f"  {feed}: {unit} {covered}")
    for note in plan.notes:
        _line(console, f"  [yellow]note:[/] {note}")


def print_result(console: Console, outcome: ReplayOutcome) -> None:
    stats, live, rebuilt, partners = outcome.stats, outcome.live, outcome.rebuilt, outcome.partners
    run_id = outcome.run_id
    redelivered = stats.events - stats.applied
    _line(
        console,
        f"Read {stats.events:,} events ({stats.applied:,} new, {redelivered:,} redelivered, "
        f"{stats.unreadable:,} unreadable records) in {stats.seconds:.1f} s: "
        f"{stats.rate:,.0f} events/s",
    )
    _line(console, f"live read model: {len(live.states):>8,} candidates  digest {live.total}")
    _line(console, f"replayed store:  {len(rebuilt.states):>8,} candidates  digest {rebuilt.total}")
    for part in partners:
        verdict = "match" if part.matched else _differ(len(part.differences))
        _line(
            console,
            f"  partner {part.partner}: live {_digest(part.checked)}, "
            f"replayed {_digest(part.reference)}: {verdict}",
        )
    _print_verdicts(console, outcome)
    differences = [d for part in partners for d in part.differences]
    if not differences:
        _line(
            console,
            f"[green]MATCH[/]: the live read model is what the events give. Run {run_id} recorded.",
        )
        return
    _line(console, f"[red]MISMATCH[/]: {_differ(len(differences))}. Run {run_id} recorded.")
    for found in differences[:SHOWN_DIFFERENCES]:
        _line(console, f"  {found.partner}/{found.candidate_id}: {found.kind.value}")
    if len(differences) > SHOWN_DIFFERENCES:
        _line(
            console,
            f"  ... and {len(differences) - SHOWN_DIFFERENCES:,} more (outreach replays --json)",
        )


def _print_verdicts(console: Console, outcome: ReplayOutcome) -> None:
    """The stored verdicts beside the states: a live verdict not yet refreshed (seconds
    behind its events, or a day roll-over not yet reached) shows here, not as a state
    mismatch."""
    live, rebuilt = outcome.live_verdicts, outcome.rebuilt_verdicts
    verdict = "match" if not outcome.verdicts_differing else _differ(outcome.verdicts_differing)
    _line(
        console,
        f"stored verdicts: live {live.total} ({len(live.states):,}), "
        f"replayed {rebuilt.total} ({len(rebuilt.states):,}): {verdict}",
    )


def describe_run(row: dict[str, Any]) -> str:
    result = "match" if row["matched"] else f"MISMATCH ({_candidates(row['differing'])})"
    covered = ", ".join(
        f"{feed} {first}..{last}" if last >= first else f"{feed} none"
        for feed, (first, last) in json.loads(row["source_range"]).items()
    )
    return (
        f"run {row['run_id']}  {_when(row['started_at'])}  by {row['operator']}  "
        f"from {row['source']} ({covered or 'nothing'}): {row['events']:,} events in "
        f"{row['seconds']:.1f} s  live {row['live_digest']}  "
        f"replayed {row['replay_digest']}  {result}"
    )


def describe_partner_run(run: PartnerRun) -> str:
    result = "match" if run.matched else f"MISMATCH ({_candidates(run.differing)})"
    live = f"{run.live.digest} ({run.live.candidates})" if run.live else "none"
    replay = f"{run.replay.digest} ({run.replay.candidates})" if run.replay else "none"
    lines = [
        f"run {run.run_id}  {_when(run.started_at)}  by {run.operator}  from "
        f"{run.source}: {run.events:,} events of {run.partner}  live {live}  replayed {replay}  "
        f"{result}"
    ]
    lines += [f"  {d.candidate_id}: {d.kind}" for d in run.differing_candidates]
    return "\n".join(lines)


def _when(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def _digest(digest: PartnerDigest | None) -> str:
    return f"{digest.digest} ({digest.candidates:,} candidates)" if digest else "none"


def _line(console: Console, text: str) -> None:
    console.print(text, soft_wrap=True, highlight=False)


def _candidates(count: int) -> str:
    return f"{count:,} candidate" + ("" if count == 1 else "s")


def _differ(count: int) -> str:
    return "1 candidate differs" if count == 1 else f"{count:,} candidates differ"
