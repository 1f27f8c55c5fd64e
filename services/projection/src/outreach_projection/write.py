"""The projection's write: fold a batch into its candidates' states and move the feeds'
positions forward, in one transaction, so a crash keeps both or neither."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, update

from outreach_contract.v1 import RecordedEvent
from outreach_domain import CandidateState, apply_all, empty_state
from outreach_platform.feeds import Positions
from outreach_platform.readmodel import (
    ReadModel,
    candidate_states,
    feed_positions,
    load_state,
    state_row,
)
from outreach_platform.sql import upsert


class ProjectionStore(ReadModel):
    """The read model as the projection sees it: its positions, and the batch write."""

    def apply(self, events: Sequence[RecordedEvent], positions: Positions) -> int:
        """Fold events into their candidates' states and move the feeds forward, atomically.

        Returns how many events were new; redelivered ones change nothing.
        """
        by_stream: dict[tuple[str, str], list[RecordedEvent]] = defaultdict(list)
        for item in events:
            by_stream[(item.partner, item.event.candidate_id)].append(item)
        applied = 0
        with self.engine.begin() as conn:
            # Rows are locked in one order, so two writers never deadlock; a writer that
            # overlaps another (an instance that lost its partition in a rebalance and
            # still commits a stale batch) folds into the newer state instead of
            # overwriting it. Two first inserts of one candidate: one fails, and retries
            # (an upsert would let the second overwrite the first's facts).
            for (partner, candidate_id), items in sorted(by_stream.items()):
                before = load_state(conn, partner, candidate_id, lock=True)
                after = apply_all(before or empty_state(partner, candidate_id), items)
                applied += len(after.facts) - (len(before.facts) if before else 0)
                if after is not before:
                    _save(conn, after, exists=before is not None)
            _advance(conn, positions)
        return applied


def _save(conn: Connection, state: CandidateState, exists: bool) -> None:
    row = state_row(state, datetime.now(UTC))
    key = (candidate_states.c.partner == state.partner) & (
        candidate_states.c.candidate_id == state.candidate_id
    )
    if exists:
        conn.execute(update(candidate_states).where(key).values(**row))
    else:
        conn.execute(insert(candidate_states).values(**row))


def _advance(conn: Connection, positions: Positions) -> None:
    # Only forward: an instance that lost a partition in a rebalance may still commit an
    # older batch after the new owner moved on. Sorted: one lock order for every writer.
    rows = [{"feed": feed, "position": p} for feed, p in sorted(positions.items())]
    upsert(
        conn,
        feed_positions,
        rows,
        where=lambda new: feed_positions.c.position < new.position,
    )
