"""API keys: hashed at rest, bound to one partner, scoped, revocable."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select

from outreach_platform.database import make_engine
from outreach_platform.keys import KeyStore, Scope, api_keys
from tests.support.databases import sqlite_store


@pytest.fixture
def keys(tmp_path: Path) -> KeyStore:
    return KeyStore(sqlite_store(tmp_path / "keys.db"))


def test_a_key_authenticates_as_its_partner_with_its_scopes(keys: KeyStore) -> None:
    key = keys.create("acme", (Scope.DIAGNOSES_READ,))
    principal = keys.authenticate(key)
    assert principal is not None
    assert principal.partner == "acme"
    assert principal.scopes == {Scope.DIAGNOSES_READ}


def test_only_a_hash_of_the_secret_is_stored(keys: KeyStore, tmp_path: Path) -> None:
    key = keys.create("acme")
    secret = key.split("_", 2)[2]
    with make_engine(f"sqlite:///{tmp_path / 'keys.db'}").connect() as conn:
        stored = conn.execute(select(api_keys)).one()
    assert secret not in str(tuple(stored))
    assert len(stored.secret_sha256) == 64


@pytest.mark.parametrize(
    "mangle",
    [
        lambda k: k[:-1] + ("A" if k[-1] != "A" else "B"),
        lambda k: "x" + k,
        lambda k: "",
        lambda k: k + "\n",
    ],
)
def test_a_wrong_or_malformed_key_is_refused(keys: KeyStore, mangle) -> None:  # type: ignore[no-untyped-def]
    key = keys.create("acme")
    assert keys.authenticate(mangle(key)) is None


def test_a_revoked_key_is_refused_and_revoking_twice_says_so(keys: KeyStore) -> None:
    key = keys.create("acme")
    key_id = key.split("_")[1]
    assert keys.revoke(key_id) is True
    assert keys.authenticate(key) is None
    assert keys.revoke(key_id) is False
    assert keys.list("acme")[0]["revoked_at"] is not None


@pytest.mark.parametrize("partner", ["", "Acme", "a/b", "a b", "x" * 65, "acme\n", "acme\r\n"])
def test_partner_names_are_safe_identifiers(keys: KeyStore, partner: str) -> None:
    with pytest.raises(ValueError, match="partner"):
        keys.create(partner)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _last_used(keys: KeyStore, key: str) -> object:
    keys.last_use.settle()
    (row,) = [r for r in keys.list() if key.startswith(f"od_{r['key_id']}_")]
    return row["last_used_at"]


def test_a_key_never_used_has_no_last_use_and_a_used_one_has_when(tmp_path: Path) -> None:
    clock = Clock()
    keys = KeyStore(sqlite_store(tmp_path / "keys.db"), clock)
    unused, used = keys.create("acme"), keys.create("acme")
    assert keys.authenticate(used) is not None
    assert _last_used(keys, unused) is None
    assert _last_used(keys, used) == clock.now


def test_last_use_is_written_once_a_minute_per_key_not_per_request(tmp_path: Path) -> None:
    clock, engine = Clock(), sqlite_store(tmp_path / "keys.db")
    keys = KeyStore(engine, clock)
    key, first = keys.create("acme"), clock.now
    writes: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: writes.append(a[2]))
    for _ in range(50):
        keys.authenticate(key)
        clock.now += timedelta(seconds=1)  # 50 requests within the minute
    assert _last_used(keys, key) == first
    clock.now = first + timedelta(seconds=60)  # a minute after the first one: due again
    keys.authenticate(key)
    assert _last_used(keys, key) == first + timedelta(seconds=60)
    assert sum(w.lstrip().upper().startswith("INSERT") for w in writes) == 2


def test_an_unknown_key_records_no_use(keys: KeyStore) -> None:
    key = keys.create("acme")
    assert keys.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert _last_used(keys, key) is None
