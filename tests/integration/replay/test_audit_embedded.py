"""Audit trail and diagnoses as they stood, over HTTP and from the ``outreach`` command.

The story: a resume with a typo submitted on 1 September, its fix (occurred 5 September)
received later. As of 4 September, or as known before the fix arrived, the presentation
is a problem; as of the end of September, with everything received, it is fine.
"""

import json
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.integration.replay.conftest import cli, post, wait_projected
from tests.support.embedded import Embedded
from tests.support.factories import event, sent

TYPO = "Experienced product manager.\nLed stakeholder managment for six teams."
FIXED = "Experienced product manager.\nLed stakeholder management for six teams."
READ_ONLY = "events:write,diagnoses:read"


def _submitted(text: str, day: str, candidate: str) -> dict[str, Any]:
    data = {"asset": "resume", "text": text}
    return event(
        "presentation.submitted", data, candidate_id=candidate, occurred_at=f"{day}T10:00:00+00:00"
    )


@pytest.fixture(scope="module")
def key(shared_embedded: Embedded) -> str:
    return shared_embedded.key("acme")


@pytest.fixture(scope="module")
def first_receipt(shared_embedded: Embedded, key: str) -> str:
    """The typo and then, in a later request, its fix; when the typo was received."""
    with shared_embedded.client(key) as client:
        post(client, [_submitted(TYPO, "2026-09-01", "cand-fix")])
        post(client, [_submitted(FIXED, "2026-09-05", "cand-fix")])
        wait_projected(client, "cand-fix", 2)
        trail = client.get("/v1/candidates/cand-fix/events").json()["events"]
    typo, fix = (entry["received_at"] for entry in trail)
    assert _moment(typo) < _moment(fix), "the two requests were received at distinct moments"
    return str(typo)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _presentation(client: httpx.Client, **params: str) -> str:
    response = client.get("/v1/candidates/cand-fix/diagnosis", params=params)
    assert response.status_code == 200, response.text
    [verdict] = [r for r in response.json()["reasons"] if r["reason"] == "presentation"]
    return str(verdict["status"])


def _cli_presentation(shared_embedded: Embedded, *options: str) -> str:
    args = ("diagnose", "cand-fix", "--partner", "acme", "--json", *options)
    done = cli(*args, env=shared_embedded.env)
    assert done.returncode == 0, done.stdout + done.stderr
    [verdict] = [r for r in json.loads(done.stdout)["reasons"] if r["reason"] == "presentation"]
    return str(verdict["status"])


def test_as_of_a_past_day_a_later_event_is_ignored(
    shared_embedded: Embedded, key: str, first_receipt: str
) -> None:
    with shared_embedded.client(key) as client:
        assert _presentation(client, as_of="2026-09-30") == "ok"
        assert _presentation(client, as_of="2026-09-04") == "problem"
    assert _cli_presentation(shared_embedded, "--as-of", "2026-09-30") == "ok"
    assert _cli_presentation(shared_embedded, "--as-of", "2026-09-04") == "problem"


def test_known_at_a_past_moment_a_late_receipt_is_ignored(
    shared_embedded: Embedded, key: str, first_receipt: str
) -> None:
    with shared_embedded.client(key) as client:
        assert _presentation(client, as_of="2026-09-30", known_at=first_receipt) == "problem"
    assert (
        _cli_presentation(shared_embedded, "--as-of", "2026-09-30", "--known-at", first_receipt)
        == "problem"
    )
    done = cli(
        "diagnose",
        "cand-fix",
        "--partner",
        "acme",
        "--as-of",
        "2026-09-30",
        env=shared_embedded.env,
    )
    assert "2 of 2 recorded events considered" in done.stdout
    [line] = [line for line in done.stdout.splitlines() if " presentation: " in line]
    assert line.split()[0] == "ok"
    with shared_embedded.client(shared_embedded.key("acme", scopes=READ_ONLY)) as client:
        response = client.get(
            "/v1/candidates/cand-fix/diagnosis",
            params={"as_of": "2026-09-30", "known_at": first_receipt},
        )
        assert response.status_code == 403
        assert client.get("/v1/candidates/cand-fix/events").status_code == 403


def test_a_duplicate_is_listed_once_with_both_receipt_times(
    shared_embedded: Embedded, key: str
) -> None:
    once, other = sent("pat", candidate_id="cand-dup"), sent("sam", candidate_id="cand-dup")
    with shared_embedded.client(key) as client:
        post(client, [once, other])
        assert post(client, [once])["duplicates"] == 1
        [entry, single] = client.get("/v1/candidates/cand-dup/events").json()["events"]
        assert client.get("/v1/candidates/cand-nobody/events").status_code == 404
    assert entry["event"]["event_id"] == once["event_id"]
    assert len(entry["receipts"]) == 2
    first, again = (_moment(r["received_at"]) for r in entry["receipts"])
    assert first < again
    assert len(single["receipts"]) == 1

    done = cli("audit", "cand-dup", "--partner", "acme", "--json", env=shared_embedded.env)
    assert done.returncode == 0, done.stderr
    trail = json.loads(done.stdout)
    [audited, audited_single] = trail["events"]
    assert audited["event"] == entry["event"]
    assert audited["receipts"] == entry["receipts"]
    assert (audited["partner"], audited["key_id"]) == ("acme", key.split("_")[1])
    assert audited["received_at"] == entry["receipts"][0]["received_at"]
    assert 0 < audited["position"] < audited_single["position"]
    assert audited["kafka"] is None  # the embedded default publishes nothing to Kafka

    text = cli("audit", "cand-dup", "--partner", "acme", env=shared_embedded.env).stdout
    assert text.count("duplicate received") == 1
    assert f"position {audited['position']} in the event store; not published to Kafka" in text
    missing = cli("audit", "cand-dup", "--partner", "globex", env=shared_embedded.env)
    assert missing.returncode == 2  # a usage error: the id or the partner is wrong
    assert "No events recorded for globex/cand-dup" in missing.stderr
    assert "Traceback" not in missing.stderr
