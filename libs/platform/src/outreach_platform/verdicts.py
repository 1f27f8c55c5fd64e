"""Stored verdicts: each candidate's current status and score per reason (ADR 0013).

``candidate_verdicts`` holds one row per (partner, candidate, reason): the latest verdict,
as of the candidate's local day. ``verdict_heads`` holds one row per candidate: which
read-model state (``source_seq``, the ``last_seq`` of ``candidate_states``) and which rules
the verdicts came from, when a status last changed (``updated_at``: what the candidate list
orders and filters on), and when the candidate's local day next rolls over
(``next_refresh_at``, a UTC instant). ``verdict_changes`` is the durable log of status
changes, written in the same transaction as the verdicts it describes: a consumer (the
webhook outbox) reads it by ``seq`` and never misses a change nor sees one that was rolled
back. ``verdict_refresh`` holds the refresher's watermark over ``candidate_states``.

The diagnostics' refresher owns the writes (``outreach_diagnostics.refresh``); a replay
writes the same rows for its target; the gauges, the candidate list and the cohort read
them.
"""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Float,
    Index,
    Integer,
    String,
    Table,
)

from outreach_platform.database import METADATA
from outreach_platform.sql import UtcDateTime

candidate_verdicts = Table(
    "candidate_verdicts",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("reason", String(64), primary_key=True),
    Column("status", String(32), nullable=False),
    Column("score", Float, nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("computed_at", UtcDateTime, nullable=False),
    # The gauges count by (partner, reason, status); the list filters by them.
    Index("candidate_verdicts_by_status", "partner", "reason", "status", "candidate_id"),
)
verdict_heads = Table(
    "verdict_heads",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("candidate_id", String(128), primary_key=True),
    Column("source_seq", BigInteger, nullable=False),  # candidate_states.last_seq diagnosed
    Column("rules_version", String(64), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("country", String(8), nullable=True),
    Column("computed_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),  # when a status last changed
    Column("next_refresh_at", UtcDateTime, nullable=False),  # the next local midnight
    Index("verdict_heads_due", "next_refresh_at"),
    Index("verdict_heads_by_update", "partner", "updated_at"),
)
verdict_changes = Table(
    "verdict_changes",
    METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("partner", String(64), nullable=False),
    Column("candidate_id", String(128), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("from_status", String(32), nullable=True),  # None: the candidate's first verdict
    Column("to_status", String(32), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Index("verdict_changes_by_candidate", "partner", "candidate_id", "seq"),
)
verdict_refresh = Table(
    "verdict_refresh",
    METADATA,
    Column("name", String(64), primary_key=True),
    # candidate_states.updated_at up to which every change has been diagnosed (less the
    # overlap the refresher re-reads, for writers that commit late).
    Column("watermark", UtcDateTime, nullable=True),
    Column("rules_version", String(64), nullable=True),  # the rules the heads were moved to
)
TABLES = (candidate_verdicts, verdict_heads, verdict_changes, verdict_refresh)
