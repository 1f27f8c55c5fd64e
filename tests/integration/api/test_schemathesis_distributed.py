"""Schemathesis against each role of the distributed topology, as two partners.

Intake, relay, projection and diagnostics run as their own processes on real Kafka and
PostgreSQL; each one's OpenAPI is fuzzed with the checks of ``fuzzing.CHECKS``, and the
two roles with partner routes (intake, diagnostics) also run stateful scenarios along
their OpenAPI links. The owner's example candidate is posted to the intake and read
from the diagnostics once the projection has it, so both serve a full candidate.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis import Case
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.integration.api import fuzzing
from tests.support.servers import KafkaServer, PostgresServer
from tests.support.stack import Stack

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

ROLES = ("intake", "relay", "projection", "diagnostics")
# No rate limit (fuzzing is one key sending hundreds of requests a second), and no webhook
# sent to the public addresses the fuzzer registers.
UNLIMITED = {"OUTREACH_RATE_LIMIT_PER_SECOND": "0", "OUTREACH_WEBHOOKS_SEND": "false"}


@pytest.fixture(scope="module")
def roles(
    kafka: KafkaServer, postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, OpenApiSchema]]:
    """The four roles, seeded, and the OpenAPI of each, loaded with both partners' keys."""
    workdir = tmp_path_factory.mktemp("schemathesis-distributed")
    stack = Stack(kafka, postgres, workdir)
    try:
        started = [
            stack.start(
                "intake", env={**UNLIMITED, "OUTREACH_RELAY_IN_INTAKE": "false"}, wait=False
            ),
            *(stack.start(role, env=UNLIMITED, wait=False) for role in ROLES[1:]),
        ]
        for server in started:
            server.wait_healthy()
        keys = fuzzing.make_keys(stack.key)
        owner = keys[fuzzing.OWNER]
        with stack.client(owner) as intake, stack.client(owner, "diagnostics") as diagnostics:
            fuzzing.seed(intake, diagnostics)
        identities = fuzzing.write_identities(workdir / "identities.json", keys)
        yield {role: fuzzing.load(stack.url(role), identities) for role in ROLES}
    finally:
        stack.close()


@pytest.fixture(scope="module")
def intake_api(roles: dict[str, OpenApiSchema]) -> OpenApiSchema:
    return roles["intake"]


@pytest.fixture(scope="module")
def relay_api(roles: dict[str, OpenApiSchema]) -> OpenApiSchema:
    return roles["relay"]


@pytest.fixture(scope="module")
def projection_api(roles: dict[str, OpenApiSchema]) -> OpenApiSchema:
    return roles["projection"]


@pytest.fixture(scope="module")
def diagnostics_api(roles: dict[str, OpenApiSchema]) -> OpenApiSchema:
    return roles["diagnostics"]


intake = schemathesis.pytest.from_fixture("intake_api")
relay = schemathesis.pytest.from_fixture("relay_api")
projection = schemathesis.pytest.from_fixture("projection_api")
diagnostics = schemathesis.pytest.from_fixture("diagnostics_api")


@intake.parametrize()
def test_intake_as_documented(case: Case[Any]) -> None:
    case.call_and_validate()


@relay.parametrize()
def test_relay_as_documented(case: Case[Any]) -> None:
    case.call_and_validate()


@projection.parametrize()
def test_projection_as_documented(case: Case[Any]) -> None:
    case.call_and_validate()


@diagnostics.parametrize()
def test_diagnostics_as_documented(case: Case[Any]) -> None:
    case.call_and_validate()


def test_intake_stateful_scenarios_as_documented(intake_api: OpenApiSchema) -> None:
    fuzzing.run_stateful(intake_api)


def test_diagnostics_stateful_scenarios_as_documented(diagnostics_api: OpenApiSchema) -> None:
    fuzzing.run_stateful(diagnostics_api)
