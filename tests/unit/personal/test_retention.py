"""Retention erases exactly the candidates of the partners named, past their days, and
sweeps copies of erased candidates that came back."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from outreach_platform.database import create_schema, make_engine
from outreach_platform.personal import crypto, metrics
from outreach_platform.personal.erasure import is_erased, sweep
from outreach_platform.personal.keys import KeyRing, erasures
from outreach_platform.personal.retention import retention_pass
from outreach_platform.readmodel import candidate_states

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
def ring(tmp_path: Path) -> KeyRing:
    engine = make_engine(f"sqlite:///{tmp_path / 'outreach.db'}")
    create_schema(engine)
    return KeyRing(engine, crypto.MasterKeys(crypto.new_key()))


def _candidate(ring: KeyRing, partner: str, candidate_id: str, idle_days: int) -> None:
    ring.for_sealing(partner, [candidate_id])
    with ring.engine.begin() as conn:
        conn.execute(
            insert(candidate_states).values(
                partner=partner,
                candidate_id=candidate_id,
                facts=1,
                last_seq=1,
                last_occurred_at=NOW,
                updated_at=NOW - timedelta(days=idle_days),
            )
        )


def test_only_the_named_partners_quiet_candidates_are_erased(ring: KeyRing) -> None:
    _candidate(ring, "acme", "old", idle_days=40)
    _candidate(ring, "acme", "recent", idle_days=10)
    _candidate(ring, "globex", "old", idle_days=400)  # globex keeps its candidates
    before = metrics.ERASED.labels("acme", "retention")._value.get()
    assert retention_pass(ring, {"acme": 30}, NOW) == 1
    assert is_erased(ring, "acme", "old")
    assert not is_erased(ring, "acme", "recent")
    assert not is_erased(ring, "globex", "old")
    assert metrics.ERASED.labels("acme", "retention")._value.get() == before + 1
    with ring.engine.connect() as conn:
        audit = conn.execute(select(erasures)).one()
        left = conn.execute(select(func.count()).select_from(candidate_states)).scalar()
    assert (audit.partner, audit.candidate_id, audit.reason) == ("acme", "old", "retention")
    assert left == 2
    assert retention_pass(ring, {"acme": 30}, NOW) == 0  # already erased: once only


def test_a_restored_copy_of_an_erased_candidate_is_swept_again(ring: KeyRing) -> None:
    _candidate(ring, "acme", "old", idle_days=40)
    retention_pass(ring, {"acme": 30}, NOW)
    with ring.engine.begin() as conn:  # a read-model backup restored after the erasure
        conn.execute(
            insert(candidate_states).values(
                partner="acme",
                candidate_id="old",
                facts=1,
                last_seq=1,
                last_occurred_at=NOW,
                updated_at=NOW,
            )
        )
    assert sweep(ring) == 1
