"""API keys: hashed at rest, bound to one partner, scoped, revocable."""

from pathlib import Path

import pytest
from sqlalchemy import select

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
