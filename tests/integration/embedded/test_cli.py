"""The ``outreach`` command as people expect it: a mistake is a usage message (exit 2), a
store it cannot reach a sentence (exit 1), never a traceback; it says which store it acts
on; ``diagnose`` gives each reason's advice; ``--version``; ``keys list --json`` with when
each key was created and last used. Real processes, real SQLite, a real server."""

import json
import os
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

import pytest

from tests.support.embedded import Embedded
from tests.support.factories import event, sent
from tests.support.process import OUTREACH, eventually, free_port


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(OUTREACH), *args],
        env={**os.environ, "COLUMNS": "200", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _refused(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    for word in words:
        assert word in done.stderr


def test_version_is_the_installed_package_version() -> None:
    done = run("--version", env={})
    assert done.returncode == 0
    assert done.stdout.split()[:2] == ["outreach", version("outreach")]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("keys", "create", "--partner", "acme", "--scopes", "bogus"), ["--scopes", "'bogus'"]),
        (("keys", "create", "--partner", "Acme Inc"), ["--partner"]),
        (("keys", "create", "--partner", "acme", "--scopes", ","), ["--scopes"]),
        (("keys", "revoke", "0123456789ab"), ["no active key 0123456789ab"]),
        (("diagnose", "c1", "--partner", "acme", "--as-of", "2026-13-01"), ["--as-of"]),
        (("diagnose", "nobody", "--partner", "acme", "--as-of", "2026-11-02"), ["acme/nobody"]),
        (("audit", "nobody", "--partner", "acme"), ["No events recorded for acme/nobody"]),
        (("replays", "--limit", "0"), ["--limit"]),
    ],
)
def test_a_mistake_is_a_usage_message(
    shared_embedded: Embedded, args: tuple[str, ...], words: list[str]
) -> None:
    _refused(run(*args, env=shared_embedded.env), 2, *words)


def test_invalid_settings_are_named_without_a_traceback(shared_embedded: Embedded) -> None:
    done = run("keys", "list", env={**shared_embedded.env, "OUTREACH_MAX_BODY_BYTES": "5"})
    _refused(done, 2, "invalid settings", "OUTREACH_MAX_BODY_BYTES")


def test_a_store_that_cannot_be_reached_is_said_with_its_password_masked() -> None:
    password = "not-shown-7f3a9c"
    env = {
        "OUTREACH_STORE": "postgres",
        "OUTREACH_PG_PORT": str(free_port()),  # nothing listens there
        "OUTREACH_PG_PASSWORD": password,
    }
    done = run("keys", "list", env=env)
    _refused(done, 1, "cannot reach postgresql+psycopg://outreach:***@127.0.0.1:")
    assert password not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("keys", "list"),
        ("keys", "create", "--partner", "acme"),
        ("replays",),
        ("quarantine", "list"),
    ],
)
def test_every_command_on_storage_says_which_store(
    shared_embedded: Embedded, args: tuple[str, ...]
) -> None:
    done = run(*args, env=shared_embedded.env)
    assert done.returncode == 0, done.stderr
    data_dir = os.path.realpath(shared_embedded.env["OUTREACH_DATA_DIR"])
    assert f"store: sqlite:///{data_dir}/outreach.db" in done.stderr


def test_keys_list_json_has_creation_and_last_use(shared_embedded: Embedded) -> None:
    used, unused = shared_embedded.key("keysjson"), shared_embedded.key("keysjson")
    before = datetime.now(UTC)
    with shared_embedded.client(used) as http:
        assert http.get("/v1/replays").status_code == 200

    def listed() -> list[dict[str, Any]]:
        done = run("keys", "list", "--partner", "keysjson", "--json", env=shared_embedded.env)
        assert done.returncode == 0, done.stderr
        rows: list[dict[str, Any]] = json.loads(done.stdout)
        assert [r["last_used_at"] is not None for r in rows] == [True, False]
        return rows

    rows = eventually(listed)  # the server writes a key's use off the request path
    assert [r["key_id"] for r in rows] == [used.split("_")[1], unused.split("_")[1]]
    for row in rows:
        assert datetime.fromisoformat(row["created_at"]) <= before
        assert row["revoked_at"] is None
        assert row["scopes"] == ["audit:read", "diagnoses:read", "events:write"]
    assert datetime.fromisoformat(rows[0]["last_used_at"]) >= before.replace(microsecond=0)


def test_diagnose_prints_each_reasons_advice(shared_embedded: Embedded, shared_key: str) -> None:
    candidate = "cli-advice"
    events = [
        event("candidate.registered", {"country": "US"}, candidate_id=candidate),
        sent("pat", candidate_id=candidate),
    ]
    with shared_embedded.client(shared_key) as http:
        assert http.post("/v1/events", json={"events": events}).status_code == 202
        today = datetime.now(UTC).date().isoformat()
        done = run(
            *("diagnose", candidate, "--partner", "acme", "--as-of", today),
            env=shared_embedded.env,
        )
        assert done.returncode == 0, done.stderr

        def served() -> list[str]:
            answer = http.get(f"/v1/candidates/{candidate}/diagnosis", params={"as_of": today})
            assert answer.status_code == 200
            return [verdict["advice"] for verdict in answer.json()["reasons"]]

        advice = eventually(served)
    printed = [
        line.split("advice: ", 1)[1] for line in done.stdout.splitlines() if "advice: " in line
    ]
    assert printed == advice
    assert len(printed) == 7
