"""Export and erasure on the embedded stack (one process, SQLite files).

A candidate with distinctive personal data is loaded next to another; the event store
holds only ciphertext of it from the start; the export returns it as sent; after the
erasure no file of the data directory holds any of its strings or its wrapped data key,
every read is a 404 and a new event a 410, the other candidate is intact, and a replay
matches the live read model.
"""

import sqlite3
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support.embedded import Embedded
from tests.support.erasure import (
    ALL_SCOPES,
    candidate_events,
    distinctive,
    files_holding,
    needles,
)
from tests.support.process import OUTREACH, eventually, outreach

GONE, KEPT = "erase-me", "keep-me"
GONE_TAG, KEPT_TAG = "ZORBLATT", "QUINCEWOOD"


def _state(client: httpx.Client, candidate: str, facts: int) -> None:
    response = client.get(f"/v1/candidates/{candidate}/state")
    assert response.status_code == 200, response.text
    assert response.json()["events"] == facts


def _wrapped_key(data_dir: Path, candidate: str) -> str:
    with sqlite3.connect(data_dir / "outreach.db") as conn:
        (wrapped,) = conn.execute(
            "SELECT wrapped FROM candidate_keys WHERE candidate_id = ?", (candidate,)
        ).fetchone()
    return str(wrapped)


def test_an_erased_candidate_leaves_no_readable_trace(embedded: Embedded, tmp_path: Path) -> None:
    data_dir = Path(embedded.env["OUTREACH_DATA_DIR"])
    gone_strings, kept_strings = distinctive(GONE_TAG), distinctive(KEPT_TAG)
    gone_events = candidate_events(GONE, gone_strings)
    key = embedded.key("acme", ALL_SCOPES)
    with embedded.client(key) as client:
        posted = {"events": gone_events + candidate_events(KEPT, kept_strings)}
        assert client.post("/v1/events", json=posted).status_code == 202
        # Sealed with a fresh nonce each time, a re-sent event is still the same content.
        again = client.post("/v1/events", json=posted)
        assert again.status_code == 202, again.text
        assert again.json()["duplicates"] == len(posted["events"])
        eventually(lambda: _state(client, GONE, len(gone_events)))
        eventually(lambda: _state(client, KEPT, len(gone_events)))
        # The event store never held the personal fields in the clear.
        assert files_holding(data_dir, needles(GONE_TAG, gone_strings)).keys() <= {
            "outreach.db",
            "outreach.db-wal",
        }
        exported = client.get(f"/v1/candidates/{GONE}/export")
        assert exported.status_code == 200, exported.text
        document = exported.json()
        assert [e["event"] for e in document["events"]] == [
            client.get(f"/v1/candidates/{GONE}/events").json()["events"][n]["event"]
            for n in range(len(gone_events))
        ]
        assert {e["event"]["event_id"] for e in document["events"]} == {
            e["event_id"] for e in gone_events
        }
        assert gone_strings["resume"] in exported.text
        assert gone_strings["name"] in exported.text
        assert document["state"]["events"] == len(gone_events)
        assert len(document["diagnosis"]["reasons"]) == 7
        wrapped = _wrapped_key(data_dir, GONE)

        erased = client.delete(f"/v1/candidates/{GONE}")
        assert erased.status_code == 200, erased.text
        assert erased.json()["rows_deleted"] >= len(gone_events)

        for path in ("/state", "/diagnosis", "/events", "/export", ""):
            method = "DELETE" if path == "" else "GET"
            answer = client.request(method, f"/v1/candidates/{GONE}{path}")
            assert answer.status_code == 404, (method, path, answer.text)
        again = client.post("/v1/events", json={"events": gone_events[:1]})  # a retry
        assert again.status_code == 410, again.text
        assert again.json()["errors"][0]["field"] == "events[0].candidate_id"
        _state(client, KEPT, len(gone_events))
        kept_export = client.get(f"/v1/candidates/{KEPT}/export").text
        assert kept_strings["resume"] in kept_export
        assert kept_strings["story"] in kept_export

    hits = files_holding(data_dir, [*needles(GONE_TAG, gone_strings), wrapped.encode()])
    assert hits == {}
    assert files_holding(data_dir, [KEPT_TAG.encode()])  # the other's facts are still there

    audit = outreach("erasures", "--partner", "acme", env=embedded.env)
    assert f'"candidate_id": "{GONE}"' in audit
    assert f"api key {key[3:15]}" in audit
    replay = subprocess.run(
        [str(OUTREACH), "replay", "--source", "store"],
        env={**embedded.env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert replay.returncode == 0, replay.stdout + replay.stderr  # 0: the digests match


def test_export_and_erase_are_granted_only_by_name_and_work_from_the_cli(
    embedded: Embedded,
) -> None:
    default = outreach("keys", "create", "--partner", "acme", env=embedded.env)
    assert "candidates:export" not in default
    assert "candidates:erase" not in default
    strings = distinctive("PLOVERHAM")
    with embedded.client(default.split()[-1]) as client:
        posted = client.post("/v1/events", json={"events": candidate_events("c", strings)})
        assert posted.status_code == 202, posted.text
        assert client.get("/v1/candidates/c/export").status_code == 403
        assert client.delete("/v1/candidates/c").status_code == 403
    exported = outreach("export", "c", "--partner", "acme", env=embedded.env)
    assert strings["name"] in exported
    erased = outreach("erase", "c", "--partner", "acme", "--yes", env=embedded.env)
    assert erased.startswith("Erased acme/c: key ")
    with pytest.raises(RuntimeError, match="never recorded, or erased"):
        outreach("export", "c", "--partner", "acme", env=embedded.env)
