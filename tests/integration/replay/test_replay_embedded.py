"""``outreach replay`` against a live embedded server: the same digest after a live run,
and a read model tampered with by hand is caught, the candidate named."""

import json
import re
import sqlite3
from pathlib import Path

from tests.integration.replay.conftest import cli, post, wait_projected
from tests.support.embedded import Embedded
from tests.support.factories import event, sent
from tests.support.process import eventually

DIGEST = re.compile(r"(live read model|replayed store): +(\d+) candidates +digest ([0-9a-f]{64})")


def _live_run(embedded: Embedded) -> tuple[str, str]:
    """Two partners, three candidates (two sharing an id), duplicates: all projected."""
    acme, globex = embedded.key("acme"), embedded.key("globex")
    registered = event("candidate.registered", {"country": "US", "timezone": "America/Chicago"})
    with embedded.client(acme) as client:
        first = [registered, *(sent(f"c{i}") for i in range(6))]
        post(client, first)
        assert post(client, first[:3])["duplicates"] == 3
        post(client, [sent(f"d{i}", candidate_id="cand-2") for i in range(4)])
        wait_projected(client, "cand-1", 7)
        wait_projected(client, "cand-2", 4)
    with embedded.client(globex) as client:
        post(client, [sent(f"g{i}") for i in range(5)])
        wait_projected(client, "cand-1", 5)
    return acme, globex


def _digests(output: str) -> dict[str, tuple[int, str]]:
    return {m[1]: (int(m[2]), m[3]) for m in DIGEST.finditer(output)}


def test_a_replay_after_a_live_run_gives_the_same_digest(embedded: Embedded) -> None:
    acme, globex = _live_run(embedded)
    done = cli("replay", "--source", "store", "--operator", "auditor-1", env=embedded.env)
    assert done.returncode == 0, done.stdout + done.stderr
    digests = _digests(done.stdout)
    assert digests["live read model"] == digests["replayed store"]
    assert digests["live read model"][0] == 3
    assert "MATCH" in done.stdout
    assert "event-store: notifications 1.." in done.stdout

    listed = cli("replays", env=embedded.env)
    assert listed.returncode == 0
    assert "by auditor-1  from store" in listed.stdout
    assert digests["live read model"][1] in listed.stdout

    with embedded.client(acme) as client:
        [run] = client.get("/v1/replays").json()["replays"]
    assert (run["partner"], run["operator"], run["source"]) == ("acme", "auditor-1", "store")
    assert (run["matched"], run["differing"], run["events"]) == (True, 0, 11)
    assert run["live"] == run["replay"]
    assert run["live"]["candidates"] == 2
    assert run["live"]["digest"] != digests["live read model"][1], "acme's share only"
    with embedded.client(globex) as client:
        [theirs] = client.get("/v1/replays").json()["replays"]
    assert (theirs["run_id"], theirs["events"]) == (run["run_id"], 5)
    assert theirs["live"]["digest"] != run["live"]["digest"]
    writer_only = embedded.key("acme", scopes="events:write,diagnoses:read")
    with embedded.client(writer_only) as client:
        assert client.get("/v1/replays").status_code == 403


def test_a_tampered_read_model_is_detected_and_the_candidate_named(embedded: Embedded) -> None:
    acme, globex = _live_run(embedded)
    database = Path(embedded.env["OUTREACH_DATA_DIR"]) / "outreach.db"
    with sqlite3.connect(database) as conn:
        where = "partner = 'acme' AND candidate_id = 'cand-2'"
        conn.execute(f"DELETE FROM candidate_facts WHERE {where} AND seq = 1")  # a fact gone

    done = cli("replay", "--source", "store", env=embedded.env)
    assert done.returncode == 1, done.stdout + done.stderr
    digests = _digests(done.stdout)
    assert digests["live read model"][1] != digests["replayed store"][1]
    assert "MISMATCH: 1 candidate differs" in done.stdout
    assert "acme/cand-2: differs" in done.stdout
    assert "cand-1: differs" not in done.stdout

    with embedded.client(acme) as client:
        [run] = client.get("/v1/replays").json()["replays"]
    assert (run["matched"], run["differing"]) == (False, 1)
    assert run["differing_candidates"] == [{"candidate_id": "cand-2", "kind": "differs"}]
    assert run["live"]["digest"] != run["replay"]["digest"]
    with embedded.client(globex) as client:
        [theirs] = client.get("/v1/replays").json()["replays"]
    assert (theirs["matched"], theirs["differing_candidates"]) == (True, [])
    as_json = json.loads(cli("replays", "--json", env=embedded.env).stdout)
    assert [(r["matched"], r["differing"]) for r in as_json] == [(False, 1)]


def test_a_replay_into_a_store_that_is_not_empty_is_refused(embedded: Embedded) -> None:
    _live_run(embedded)
    live_store = f"sqlite:///{Path(embedded.env['OUTREACH_DATA_DIR']) / 'outreach.db'}"
    done = cli("replay", "--into", live_store, env=embedded.env)
    assert done.returncode == 2
    assert "already holds a read model" in done.stdout
    assert cli("replays", "--json", env=embedded.env).stdout.strip() == "[]"


VERDICTS = re.compile(
    r"stored verdicts: live ([0-9a-f]{64}) \((\d+)\), replayed ([0-9a-f]{64}) \((\d+)\): (.+)"
)


def _stored_verdicts(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        count: int = conn.execute("SELECT count(*) FROM verdict_heads").fetchone()[0]
    assert count == 3, "the live refresher has not stored every candidate's verdicts yet"
    return count


def test_the_replay_rebuilds_the_stored_verdicts_and_its_digest_covers_them(
    embedded: Embedded,
) -> None:
    _live_run(embedded)
    database = Path(embedded.env["OUTREACH_DATA_DIR"]) / "outreach.db"
    eventually(lambda: _stored_verdicts(database))
    done = cli("replay", "--source", "store", env=embedded.env)
    assert done.returncode == 0, done.stdout + done.stderr
    found = VERDICTS.search(done.stdout)
    assert found is not None, done.stdout
    assert (found[1], found[2]) == (found[3], found[4])  # the same verdicts, rebuilt
    assert (found[2], found[5]) == ("3", "match")

    with sqlite3.connect(database) as conn:  # a verdict edited by hand
        conn.execute(
            "UPDATE candidate_verdicts SET status = 'tampered' WHERE partner = 'acme' "
            "AND candidate_id = 'cand-2' AND reason = 'too_few_contacts'"
        )
    again = cli("replay", "--source", "store", env=embedded.env)
    tampered = VERDICTS.search(again.stdout)
    assert tampered is not None, again.stdout
    assert tampered[1] != tampered[3]
    assert tampered[5] == "1 candidate differs"
