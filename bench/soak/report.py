"""What the soak prints at the end (pure: text from the figures)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.soak.faults import Fault, Window, counts
from bench.soak.load import Ledger
from bench.soak.verify import Burst, Events, Statuses


@dataclass(frozen=True)
class Replay:
    source: str
    exit_code: int
    summary: list[str]  # the lines of its output that carry the figures and the verdict


@dataclass(frozen=True)
class Outcome:
    events: Events
    statuses: Statuses
    faults: list[Fault]
    windows: list[Window]
    started: float
    bursts: list[Burst]
    replays: list[Replay]
    failures: list[str]


def render(ledger: Ledger, outcome: Outcome, header: str, seconds: float) -> str:
    events, statuses = outcome.events, outcome.statuses
    injected = counts(w.kind for w in outcome.windows)
    by_kind = ", ".join(f"{kind} {n}" for kind, n in injected.items())
    refused = sum(ledger.refusals.values())
    lines = [
        header,
        f"events accepted      {ledger.accepted:>9,}  (202 answers: new events)",
        f"events duplicated    {ledger.duplicates:>9,}  (202 answers: already recorded)",
        f"events acknowledged  {events.acknowledged:>9,}  distinct ids "
        f"({events.acknowledged / seconds:,.0f}/s achieved); {events.stored:,} in the event store",
        f"events rejected      {len(set(ledger.rejected)):>9,}  in {refused:,} batches "
        f"refused ({_statuses(ledger.refusals)}); stored of them: "
        f"{len(events.refused_but_stored)}",
        f"events quarantined   {events.quarantined:>9,}  (the poison event and the later "
        "events of its candidate)",
        f"events lost          {len(events.lost):>9,}  (store {len(events.lost_from_store)}, "
        f"topic {len(events.lost_from_topic)}, read model {len(events.lost_from_read_model)}, "
        f"stored but never applied {len(events.stored_not_applied)})",
        f"events doubled       {len(events.doubled):>9,}  (store "
        f"{len(events.doubled_in_store)}, read model {len(events.doubled_in_read_model)})",
        f"faults injected      {len(outcome.windows):>9,}  ({by_kind}; each kill -9, "
        f"of {len(outcome.faults)} scheduled)",
    ]
    lines += [
        f"  {w.kind:<10} killed at {w.start - outcome.started:6.1f} s, "
        f"back at {w.end - outcome.started:6.1f} s"
        for w in outcome.windows
    ]
    lines.append(
        f"request latency      p50 {_quantile(ledger, 0.5):.3f} s, p99 "
        f"{_quantile(ledger, 0.99):.3f} s, max {_quantile(ledger, 1.0):.3f} s "
        f"over {len(ledger.attempts):,} requests"
    )
    lines.append("answers by status and by the fault in force (window: kill to back + grace)")
    lines += ["  " + row for row in statuses.table()]
    lines.append(f"5xx other than a 503 while PostgreSQL was down: {statuses.violations}")
    lines.append(f"batches abandoned at the end (still failing): {ledger.gave_up}")
    lines.append(
        f"duplicate bursts     {len(outcome.bursts):>9,}  x 20 clients posting one batch at once "
        "(events accepted/in the batch, by how many clients): "
        + (", ".join(f"{b.accepted}/{b.size} by {b.acceptances}" for b in outcome.bursts) or "-")
    )
    for replay in outcome.replays:
        lines.append(f"replay --source {replay.source}: exit {replay.exit_code}")
        lines += ["  " + line for line in replay.summary]
    lines.append("FAIL: " + "; ".join(outcome.failures) if outcome.failures else "PASS")
    return "\n".join(lines)


def _quantile(ledger: Ledger, q: float) -> float:
    times = sorted(a.seconds for a in ledger.attempts)
    return times[min(int(q * len(times)), len(times) - 1)] if times else 0.0


def _statuses(refusals: dict[int, int]) -> str:
    return ", ".join(f"{n:,} x {status}" for status, n in sorted(refusals.items())) or "none"


REPLAY_LINES = ("Read ", "live read model", "replayed store", "MATCH", "MISMATCH", "Cannot")


def replay_summary(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(REPLAY_LINES)]
