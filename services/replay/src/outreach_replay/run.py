"""The replay use case: snapshot the live read model, rebuild from the planned range into
an empty store, compare the two by partner, and record the run. ``outreach replay`` is this
plus a terminal; a test or a scheduler can call it just the same."""

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from outreach_domain.digest import Digests, PartnerComparison, compare_by_partner, differences
from outreach_platform.database import make_engine
from outreach_replay.plan import Origins, Plan, Until, open_source
from outreach_replay.rebuild import Progress, ReplayStats, SourceKind, choose_source, rebuild
from outreach_replay.runs import RunRecord, RunStore
from outreach_replay.snapshot import snapshot
from outreach_replay.sources import ReplayError
from outreach_replay.writer import ReplayWriter


class TargetNotEmptyError(ReplayError):
    """The target store already holds a read model: a replay only writes into an empty one."""


@dataclass(frozen=True)
class ReplayRequest:
    source: SourceKind
    target_url: str  # SQLAlchemy URL of an empty store
    target_label: str  # what the run record calls the target (no password in it)
    until: Until
    operator: str
    memory_events: int = 250_000


@dataclass(frozen=True)
class ReplayOutcome:
    run_id: int
    kind: SourceKind
    stats: ReplayStats
    live: Digests
    rebuilt: Digests
    partners: list[PartnerComparison]
    # The stored verdicts, live and derived in the rebuilt store (ADR 0013).
    live_verdicts: Digests = field(default_factory=lambda: Digests({}))
    rebuilt_verdicts: Digests = field(default_factory=lambda: Digests({}))

    @property
    def differing(self) -> int:
        return sum(len(p.differences) for p in self.partners)

    @property
    def verdicts_differing(self) -> int:
        """Candidates whose stored verdicts are not those the replayed events give."""
        return len(differences(self.rebuilt_verdicts, self.live_verdicts))


def replay(
    live_engine: Engine,
    origins: Origins,
    request: ReplayRequest,
    on_plan: Callable[[Plan], None] = lambda _plan: None,
    progress: Progress | None = None,
    *,
    derive: Callable[[Engine], object] | None = None,
) -> ReplayOutcome:
    """Raises ``ReplayError`` when the source cannot be read or the target is not empty.
    ``derive`` computes what is kept beside the states (the stored verdicts) in the
    rebuilt store, before it is compared: the replay's digests then cover them too."""
    started_at = datetime.now(UTC)
    live = snapshot(live_engine)
    kind = choose_source(request.source, live.positions, origins.kafka_topic)
    with ExitStack() as cleanup:
        engine = make_engine(request.target_url)
        cleanup.callback(engine.dispose)  # before a temporary store's directory goes
        writer = ReplayWriter(engine, request.memory_events, origins.open_vault())
        if not writer.is_fresh():
            raise TargetNotEmptyError(
                f"{request.target_label} already holds a read model: replay into an empty store"
            )
        plan = open_source(kind, origins, live.positions, request.until, cleanup)
        on_plan(plan)
        stats = rebuild(plan.source, writer, progress)
        if derive is not None:
            derive(writer.engine)
        if not plan.pinned:
            live = snapshot(live_engine)  # as late as possible: the live model caught up
        rebuilt = snapshot(writer.engine)
    partners = compare_by_partner(rebuilt.digests, live.digests)
    run = RunRecord(
        started_at=started_at,
        finished_at=datetime.now(UTC),
        operator=request.operator,
        source=kind.value,
        source_range={feed: (s.start, s.stop - 1) for feed, s in plan.source.spans.items()},
        target=request.target_label,
        events=stats.events,
        seconds=stats.seconds,
        live_digest=live.digests.total,
        replay_digest=rebuilt.digests.total,
        partners=partners,
        scopes=stats.partners,
    )
    run_id = RunStore(live_engine).record(run)
    return ReplayOutcome(
        run_id,
        kind,
        stats,
        live.digests,
        rebuilt.digests,
        partners,
        live.verdicts,
        rebuilt.verdicts,
    )
