"""One error object: RFC 9457 problems with a request id, small whatever was sent, never
echoing the input; an unhandled exception is a 500 problem; unknown methods one label."""

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from outreach_platform.http import errors
from outreach_platform.http.errors import MAX_LISTED_ERRORS, MAX_TEXT, error_item, field_problems
from outreach_platform.http.request_id import RequestIds
from outreach_platform.metrics import RequestMetrics


def _app() -> FastAPI:
    app = FastAPI()
    errors.install(app)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("the password is hunter2")

    @app.get("/ok")
    def ok() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(RequestMetrics, service="unit-problems")
    app.add_middleware(errors.ServerErrors)
    app.add_middleware(RequestIds)
    return app


@pytest.fixture
def client() -> TestClient:
    return TestClient(_app(), raise_server_exceptions=False)


def test_an_unhandled_exception_is_a_500_problem_that_leaks_nothing(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="outreach.http"):
        response = client.get("/boom", headers={"X-Request-Id": "trace-42"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "trace-42"
    body = response.json()
    assert body["request_id"] == "trace-42"
    assert {"type", "title", "status", "detail"} <= set(body)
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
    # The log has what the answer hides, and the id that ties them together.
    assert "trace-42" in caplog.text
    assert "hunter2" in caplog.text


def test_the_request_id_is_echoed_when_well_formed_and_made_up_otherwise(
    client: TestClient,
) -> None:
    assert client.get("/ok", headers={"X-Request-Id": "abc.123-x"}).headers["x-request-id"] == (
        "abc.123-x"
    )
    for sent in ("has spaces", "x" * 500, "<script>"):
        chosen = client.get("/ok", headers={"X-Request-Id": sent}).headers["x-request-id"]
        assert chosen != sent
        assert len(chosen) == 32
    assert len(client.get("/ok").headers["x-request-id"]) == 32


def test_unknown_routes_and_methods_are_problems(client: TestClient) -> None:
    for response in (client.get("/nowhere"), client.post("/ok")):
        assert response.status_code in (404, 405)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["request_id"] == response.headers["x-request-id"]


def test_an_unknown_method_is_labelled_other(client: TestClient) -> None:
    client.request("FOO", "/ok")
    labels = {"service": "unit-problems", "route": "/ok", "status": "405"}
    assert REGISTRY.get_sample_value("outreach_http_requests_total", {**labels, "method": "other"})
    assert (
        REGISTRY.get_sample_value("outreach_http_requests_total", {**labels, "method": "FOO"})
        is None
    )


def test_the_input_is_never_echoed_and_texts_are_cut() -> None:
    tag = "x" * 100_000
    item = error_item(
        {
            "type": "union_tag_invalid",
            "loc": ("body", "events", 0),
            "msg": f"Input tag '{tag}' found using 'type' does not match any of the expected tags",
            "input": {"type": tag},
            "ctx": {"tag": tag, "expected_tags": "'candidate.registered', 'contact.added'"},
        }
    )
    assert "xxxx" not in item["problem"]
    assert "input" not in item
    assert item["problem"].startswith("is not an event type")
    long_key = error_item(
        {"type": "extra_forbidden", "loc": ("body", "events", 1, "k" * 10_000), "msg": "Extra"}
    )
    assert len(long_key["field"]) <= MAX_TEXT


def test_a_thousand_faults_list_at_most_the_cap_and_say_how_many() -> None:
    faults = [
        {"index": i, "field": f"events[{i}].type", "problem": "p" * 1_000} for i in range(1000)
    ]
    response = field_problems(422, faults)
    assert len(response.body) < 64_000
    body = bytes(response.body).decode()
    assert body.count('"index"') == MAX_LISTED_ERRORS
    assert "1000 problems" in body
