"""The OpenAPI document is one a partner can generate a working client from (ADR 0017).

Checked on the document of the embedded app, which mounts every route of every role, so a
route or schema added anywhere is held to the same rules without a change here: explicit
snake_case operation ids, clean component names, a description on every field, parameter
and enum value, an example for every event type and every answer, and every error status
a route's shape implies documented as a problem document.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from outreach.cli_openapi import COMMITTED, document, render

METHODS = ("get", "post", "put", "patch", "delete")
PROBLEM_REF = "#/components/schemas/Problem"
REPO = Path(__file__).resolve().parents[3]
Operation = tuple[str, str, dict[str, Any]]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return document()


def _operations(schema: dict[str, Any]) -> Iterator[Operation]:
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_the_committed_document_is_the_current_one(schema: dict[str, Any]) -> None:
    committed = (REPO / COMMITTED).read_text()
    assert render(schema) == committed, f"{COMMITTED} is out of date: run make openapi"


def test_every_operation_has_an_explicit_unique_snake_case_id(schema: dict[str, Any]) -> None:
    ids = [op.get("operationId", "") for _path, _method, op in _operations(schema)]
    # FastAPI's generated ids read "candidate_state_v1_candidates__candidate_id__state_get".
    bad = [i for i in ids if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i) or "_v1_" in i]
    assert bad == []
    assert len(ids) == len(set(ids))


def test_component_names_are_plain_and_say_data_from_envelope(schema: dict[str, Any]) -> None:
    names = list(schema["components"]["schemas"])
    assert [n for n in names if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", n)] == []
    mapping = _event_mapping(schema)
    envelopes = {ref.rsplit("/", 1)[-1] for ref in mapping.values()}
    data = {_resolve(schema, {"$ref": r})["properties"]["data"]["$ref"] for r in mapping.values()}
    assert len(envelopes) == len(data) == len(mapping)
    assert envelopes.isdisjoint(d.rsplit("/", 1)[-1] for d in data)


def test_every_field_and_parameter_has_a_description(schema: dict[str, Any]) -> None:
    missing = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    missing += [
        f"{method} {path} {parameter['name']}"
        for path, method, op in _operations(schema)
        for parameter in op.get("parameters", [])
        if not parameter.get("description")
    ]
    assert missing == []


def test_every_enum_value_is_described(schema: dict[str, Any]) -> None:
    undescribed = [
        f"{name}.{value}"
        for name, component in schema["components"]["schemas"].items()
        if "enum" in component
        for value in component["enum"]
        if f"`{value}`:" not in component.get("description", "")
    ]
    assert undescribed == []


def test_every_route_documents_the_errors_its_shape_implies(schema: dict[str, Any]) -> None:
    missing: list[str] = []
    for path, method, op in _operations(schema):
        if not path.startswith("/v1/"):
            continue
        expected = {401, 403, 429, 500, 503}
        if op.get("parameters") or "requestBody" in op:
            expected.add(422)
        if "{" in path:
            expected.add(404)
        if "requestBody" in op:
            expected.update((400, 413, 415))
        for status in sorted(expected):
            media = op["responses"].get(str(status), {}).get("content", {})
            problem = media.get("application/problem+json", {})
            if problem.get("schema", {}).get("$ref") != PROBLEM_REF or "example" not in problem:
                missing.append(f"{method} {path} {status}")
    assert missing == []


def test_every_answer_has_an_example(schema: dict[str, Any]) -> None:
    missing = [
        f"{method} {path} {status}"
        for path, method, op in _operations(schema)
        for status, response in op["responses"].items()
        for media in response.get("content", {}).values()
        if not ({"example", "examples"} & set(media))
        and "examples" not in _resolve(schema, media.get("schema", {}))
    ]
    assert missing == []


def test_every_event_type_has_an_example(schema: dict[str, Any]) -> None:
    mapping = _event_mapping(schema)
    assert len(mapping) == 16
    without = [
        t for t, ref in mapping.items() if not _resolve(schema, {"$ref": ref}).get("examples")
    ]
    assert without == []


def test_every_example_is_valid_against_its_own_schema(schema: dict[str, Any]) -> None:
    checked, invalid = 0, []
    for where, node, example in _examples(schema):
        validator = jsonschema_rs.validator_for({**node, "components": schema["components"]})
        checked += 1
        if not validator.is_valid(example):
            invalid.append(where)
    assert invalid == []
    assert checked >= 16 + 5  # the event types and the answers at least


def _event_mapping(schema: dict[str, Any]) -> dict[str, str]:
    events = schema["components"]["schemas"]["EventBatch"]["properties"]["events"]
    mapping: dict[str, str] = events["items"]["discriminator"]["mapping"]
    return mapping


def _examples(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    for name, component in schema["components"]["schemas"].items():
        for example in component.get("examples", []):
            yield name, {"$ref": f"#/components/schemas/{name}"}, example
    for path, method, op in _operations(schema):
        for status, response in op["responses"].items():
            for media in response.get("content", {}).values():
                if "example" in media:
                    yield f"{method} {path} {status}", media["schema"], media["example"]
