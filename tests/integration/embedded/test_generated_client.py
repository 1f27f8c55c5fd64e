"""A partner's generated client works: ``openapi-python-client`` generates a Python client
from the committed ``docs/openapi.json`` (once for the module, about 3 s) and that client,
unchanged, posts events, reads a list page, a diagnosis, and parses a 422's problem
document from the running embedded server (ADR 0017)."""

import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from outreach_contract.v1.diagnosis import ReasonSlug
from tests.support.embedded import Embedded
from tests.support.factories import event, sent
from tests.support.process import REPO, eventually

PACKAGE = "outreach_client"
CANDIDATE = "gen-client-1"
LIST_PAGES: list[tuple[str, dict[str, Any], str]] = [
    # (operation id, its arguments, the field holding the page's items): a list route
    # (GET /v1/candidates) is one more line here.
    ("get_candidate_events", {"candidate_id": CANDIDATE}, "events"),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The client package, generated into a temporary directory and imported from there."""
    root = tmp_path_factory.mktemp("generated")
    config = root / "config.yaml"
    config.write_text(f"post_hooks: []\npackage_name_override: {PACKAGE}\n")
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("openapi-python-client")),
            "generate",
            *("--path", str(REPO / "docs/openapi.json")),
            *("--meta", "none", "--output-path", str(root / PACKAGE), "--config", str(config)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def client(generated: ModuleType, shared_embedded: Embedded, shared_key: str) -> Any:
    return generated.AuthenticatedClient(base_url=shared_embedded.server.url, token=shared_key)


def operation(generated: ModuleType, operation_id: str) -> Any:
    """The generated module of an operation (clients group them by tag)."""
    api = importlib.import_module(f"{PACKAGE}.api")
    for found in pkgutil.walk_packages(api.__path__, f"{PACKAGE}.api."):
        if found.name.rsplit(".", 1)[-1] == operation_id:
            return importlib.import_module(found.name)
    raise AssertionError(f"the client has no operation {operation_id}")


def model(generated: ModuleType, name: str) -> Any:
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name)


def _post(generated: ModuleType, client: Any, events: list[dict[str, Any]]) -> Any:
    batch = model(generated, "EventBatch").from_dict({"events": events})
    return operation(generated, "post_events").sync_detailed(client=client, body=batch)


@pytest.fixture(scope="module")
def recorded(generated: ModuleType, client: Any) -> list[dict[str, Any]]:
    events = [
        event("candidate.registered", {"country": "US"}, candidate_id=CANDIDATE),
        event("contact.added", {"contact_id": "pat", "company": "Initech"}, candidate_id=CANDIDATE),
        sent("pat", channel="linkedin", candidate_id=CANDIDATE),
    ]
    answer = _post(generated, client, events)
    assert answer.status_code == 202, answer.content
    assert isinstance(answer.parsed, model(generated, "IngestResult"))
    assert (answer.parsed.accepted, answer.parsed.duplicates) == (3, 0)
    return events


def test_a_post_of_events_is_answered_with_the_counts(
    generated: ModuleType, client: Any, recorded: list[dict[str, Any]]
) -> None:
    again = _post(generated, client, recorded)
    assert again.status_code == 202
    assert (again.parsed.accepted, again.parsed.duplicates) == (0, 3)
    assert again.parsed.duplicate_indexes == [0, 1, 2]


@pytest.mark.parametrize(("operation_id", "arguments", "items"), LIST_PAGES)
def test_a_list_page_parses_into_its_models(
    generated: ModuleType,
    client: Any,
    recorded: list[dict[str, Any]],
    operation_id: str,
    arguments: dict[str, Any],
    items: str,
) -> None:
    answer = operation(generated, operation_id).sync_detailed(client=client, **arguments)
    assert answer.status_code == 200, answer.content
    page = getattr(answer.parsed, items)
    ids = {str(entry.to_dict().get("event", entry.to_dict()).get("event_id")) for entry in page}
    assert {e["event_id"] for e in recorded} <= ids


def test_a_diagnosis_parses_into_the_seven_reasons(
    generated: ModuleType, client: Any, recorded: list[dict[str, Any]]
) -> None:
    today = datetime.now(UTC).date()

    def projected() -> Any:  # the projection follows the event store within moments
        answer = operation(generated, "get_diagnosis").sync_detailed(
            client=client, candidate_id=CANDIDATE, as_of=today
        )
        assert answer.status_code == 200, answer.content
        return answer.parsed

    diagnosis = eventually(projected)
    assert isinstance(diagnosis, model(generated, "Diagnosis"))
    assert diagnosis.as_of == today  # a date again, not a string
    assert all(isinstance(v.reason, model(generated, "ReasonSlug")) for v in diagnosis.reasons)
    assert [v.reason.value for v in diagnosis.reasons] == [slug.value for slug in ReasonSlug]
    assert all(isinstance(v.status, model(generated, "Status")) for v in diagnosis.reasons)
    assert all(v.advice for v in diagnosis.reasons)


def test_a_422_parses_into_a_problem_naming_the_field(
    generated: ModuleType, client: Any, recorded: list[dict[str, Any]]
) -> None:
    tomorrow_but_one = datetime.now(UTC) + timedelta(days=2)
    answer = _post(generated, client, [sent("pat", occurred_at=tomorrow_but_one)])
    assert answer.status_code == 422
    problem = answer.parsed
    assert isinstance(problem, model(generated, "Problem"))
    assert problem.status == 422
    assert problem.request_id == answer.headers["x-request-id"]
    assert [(e.index, e.field) for e in problem.errors] == [(0, "events[0].occurred_at")]
    assert "future" in problem.errors[0].problem
