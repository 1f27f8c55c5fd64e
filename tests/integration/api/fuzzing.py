"""Schemathesis against a running server's OpenAPI, as two partners: what every run shares.

Each run loads the OpenAPI the server publishes (``/openapi.json``) and fuzzes every
operation in it, so a route added later is fuzzed without a change here. Two partners'
keys are the two identities of a Web Fuzzing Commons auth document, declared *peers*:
schemathesis' ``object_level_authorization`` check replays every successful read one
partner made of its own candidate with the other partner's key, and fails if that key
gets the same object. The number of examples is bounded and generation derandomized
(a fixed seed, no example database), so a run takes the same cases every time.
"""

import json
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import schemathesis
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.hooks import HookContext
from schemathesis.specs.openapi.schemas import OpenApiSchema

from outreach.demo_data import demo_candidates
from outreach_platform.http.openapi import CANDIDATE_EXAMPLE, ERASABLE_EXAMPLE
from outreach_platform.keys import Scope
from tests.support.process import eventually

OWNER = "alpha"
PEER = "beta"
PARTNERS = (OWNER, PEER)
SCOPES = ",".join(scope.value for scope in Scope)  # webhooks, export, erasure too
SEED = 20261201
MAX_EXAMPLES = 25
"""Per operation and phase; the coverage phase adds its own boundary cases on top."""
STATEFUL_SCENARIOS = 20
STATEFUL_STEPS = 6

CHECKS = (
    "not_a_server_error",  # no 5xx (a 503 is documented only where it may happen)
    "status_code_conformance",  # every status sent is documented for its route
    "content_type_conformance",  # and its media type (problem+json for 4xx/5xx)
    "response_headers_conformance",
    "response_schema_conformance",  # and its body
    "ignored_auth",  # no key, or a made-up one: 401
    "object_level_authorization",  # another partner's candidate is never shown
    "use_after_free",
    "ensure_resource_availability",
)
"""The checks every run makes. Two of schemathesis' checks are left out on purpose:
``positive_data_acceptance`` (a schema-valid request must succeed) and
``negative_data_rejection`` (a schema-invalid one must be refused). The contract holds
rules JSON Schema cannot state (``occurred_at`` from 1990 to a day ahead of *now*,
Python's notion of a printable character), so valid-looking requests are rightly a
422; and pydantic's lax mode accepts ``0`` for ``false`` and ``"30"`` for ``30``, as
contract v1 always has."""


def seed_batch() -> list[dict[str, Any]]:
    """Every demo story at once, as the candidate of the OpenAPI's example (972 events of
    fifteen types): the examples phase then reads a candidate with a full state and
    diagnosis, and the responses' schemas are checked on rich bodies, not only on 404s."""
    return [
        {**event, "candidate_id": CANDIDATE_EXAMPLE}
        for events in demo_candidates(date.today()).values()
        for event in events
    ]


def seed(writer: httpx.Client, reader: httpx.Client) -> None:
    """The owner's example candidate, posted through ``writer`` and awaited on ``reader``,
    and the example of the erasure (a candidate of its own, so that the reads keep theirs)."""
    assert writer.post("/v1/events", json={"events": seed_batch()}).status_code == 202
    erasable = [
        {**e, "candidate_id": ERASABLE_EXAMPLE, "event_id": str(uuid.uuid4())}
        for e in seed_batch()[:20]
    ]
    assert writer.post("/v1/events", json={"events": erasable}).status_code == 202
    path = f"/v1/candidates/{CANDIDATE_EXAMPLE}/state"
    eventually(lambda: _ok(reader.get(path)), timeout=60)


def _ok(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text


def make_keys(key: Callable[[str, str], str]) -> dict[str, str]:
    """Both partners' keys, with every scope, those given only on request (webhooks,
    export, erasure) too: every route is fuzzed past its scope check (``outreach keys
    create`` takes seconds to start: side by side)."""
    with ThreadPoolExecutor(2) as pool:
        made = pool.map(lambda partner: key(partner, SCOPES), PARTNERS)
        return dict(zip(PARTNERS, made, strict=True))


def write_identities(path: Path, keys: dict[str, str]) -> Path:
    """A Web Fuzzing Commons auth document: one fixed ``Authorization`` header per partner."""
    document = {
        "auth": [
            {"name": name, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {key}"}]}
            for name, key in keys.items()
        ]
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def config(identities: Path) -> SchemathesisConfig:
    settings: dict[str, Any] = {
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "phases": {"stateful": {"max-steps": STATEFUL_STEPS}},
        "auth": {"wfc": {"path": str(identities), "peers": list(PARTNERS)}},
        "request-timeout": 30,
    }
    return SchemathesisConfig.from_dict(settings)


def load(base_url: str, identities: Path) -> OpenApiSchema:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json", config=config(identities))
    schema.hook("before_generate_body")(_also_plausible_batches)
    return schema


# The contract's rules JSON Schema cannot state, for the half of the batches made plausible.
_OCCURRED = st.datetimes(
    min_value=datetime(1990, 1, 2),  # OUTREACH_EARLIEST_OCCURRED_AT is 1990-01-01
    max_value=datetime(2025, 12, 31),  # fixed, so that a run is the same on every day
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
    ),
)


def _also_plausible_batches(
    context: HookContext, strategy: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """Batches as generated, and the same batches within the rules the OpenAPI cannot say
    (``occurred_at`` from 1990 to now, printable text, a real time zone): without them
    almost no generated batch is accepted, and the stateful scenarios would never get to
    read what a batch stored (and so never try the other partner on it)."""
    operation = context.operation
    if operation is None or operation.path != "/v1/events":
        return strategy
    return st.one_of(strategy, strategy.flatmap(_plausible))


def _plausible(body: Any) -> st.SearchStrategy[Any]:
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        return st.just(body)
    moments = st.lists(_OCCURRED, min_size=len(events), max_size=len(events))
    return moments.map(
        lambda when: {
            **body,
            "events": [_within_rules(e, at) for e, at in zip(events, when, strict=True)],
        }
    )


def _within_rules(event: dict[str, Any], occurred_at: datetime) -> dict[str, Any]:
    fixed: dict[str, Any] = _printable(event)
    fixed["occurred_at"] = occurred_at.isoformat()
    data = fixed.get("data")
    if isinstance(data, dict) and isinstance(data.get("timezone"), str):
        data["timezone"] = "Europe/Paris"
    return fixed


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        text = "".join(c if c.isprintable() else "x" for c in value)
        return text if text.strip() or not text else "x"
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def run_stateful(schema: OpenApiSchema) -> None:
    """Scenarios following the OpenAPI links (a posted batch, then its candidate's reads).

    Without the DELETEs: schemathesis infers a link from every read of an id to its
    DELETE, and an erasure in one scenario empties the reads of the next, which hypothesis
    rightly refuses as generation that depends on outside state (FlakyStrategyDefinition).
    The per-operation run still fuzzes every DELETE."""
    schema.exclude(method="DELETE").as_state_machine().run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=STATEFUL_STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
