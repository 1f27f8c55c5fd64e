"""Schemathesis against the embedded server (one process, SQLite), as two partners.

Every operation of the server's OpenAPI is fuzzed (examples, coverage and fuzzing phases)
and the OpenAPI links are followed in stateful scenarios, with the checks of
``fuzzing.CHECKS``: no server error, every status, media type, header and body as
documented, no route that works without a key, and no partner that reads the other's
candidate.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis import Case
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.integration.api import fuzzing
from tests.support.embedded import Embedded


@pytest.fixture(scope="module")
def embedded_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenApiSchema]:
    workdir = tmp_path_factory.mktemp("schemathesis-embedded")
    system = Embedded(workdir)
    # Fuzzing sends hundreds of requests a second with one key: no rate limit, or 429s.
    system.env["OUTREACH_RATE_LIMIT_PER_SECOND"] = "0"  # the server's env is this dict
    # The fuzzer registers webhooks on whatever public address it makes up: this machine
    # must never call them (the deliveries are still made and listed).
    system.env["OUTREACH_WEBHOOKS_SEND"] = "false"
    system.server.start()
    try:
        keys = fuzzing.make_keys(system.key)
        with system.client(keys[fuzzing.OWNER]) as owner:
            fuzzing.seed(owner, owner)
        identities = fuzzing.write_identities(workdir / "identities.json", keys)
        yield fuzzing.load(system.server.url, identities)
    finally:
        system.server.stop()


schema = schemathesis.pytest.from_fixture("embedded_api")


@schema.parametrize()
def test_every_operation_as_documented(case: Case[Any]) -> None:
    case.call_and_validate()


def test_stateful_scenarios_as_documented(embedded_api: OpenApiSchema) -> None:
    fuzzing.run_stateful(embedded_api)
