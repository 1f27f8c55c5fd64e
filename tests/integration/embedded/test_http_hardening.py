"""The HTTP edge against a real server: what a careless or hostile client sends is refused
early, in one documented shape, and no client holds more than its share.

Each test fails on the code before issue 10: bodies were parsed before the key was checked,
a chunked body over the limit was a generic 400, a wrong Content-Type a 422, broken JSON a
422 or a bare 400, error bodies echoed the input without bound, nothing was rate limited,
/metrics was open and took any method as a label, and a client could take for ever to send
a request head.
"""

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.embedded import Embedded
from tests.support.factories import sent

MAX_BODY = 200_000
METRICS_TOKEN = "metrics-token-for-the-hardening-test"
PROBLEM_MEMBERS = {"type", "title", "status", "detail", "request_id"}


def _start(tmp_path: Path, settings: dict[str, str]) -> Iterator[Embedded]:
    system = Embedded(tmp_path)
    system.env.update(settings)  # the server's env is this same dict
    system.server.start()
    try:
        yield system
    finally:
        system.server.stop()


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    settings = {
        "OUTREACH_MAX_BODY_BYTES": str(MAX_BODY),
        "OUTREACH_METRICS_TOKEN": METRICS_TOKEN,
        "OUTREACH_HEADER_TIMEOUT_SECONDS": "1",
    }
    yield from _start(tmp_path_factory.mktemp("edge"), settings)


@pytest.fixture(scope="module")
def key(edge: Embedded) -> str:
    return edge.key()


def _problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert set(body) >= PROBLEM_MEMBERS, body
    assert body["status"] == status
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def _post(
    client: httpx.Client, content: bytes, content_type: str = "application/json"
) -> httpx.Response:
    return client.post("/v1/events", content=content, headers={"Content-Type": content_type})


def _body_problem(response: httpx.Response, status: int, words: str) -> None:
    body = _problem(response, status)
    faults = body["errors"]
    assert isinstance(faults, list)
    assert faults[0]["field"] == "body", faults
    assert words in faults[0]["problem"], faults


# ------------------------------------------------------------ the key before the body


def test_without_a_key_a_broken_body_is_401_not_a_body_error(edge: Embedded) -> None:
    with edge.client("not-a-key") as client:
        for content, content_type in ((b"{not json", "application/json"), (b"x", "text/plain")):
            _problem(_post(client, content, content_type), 401)


def test_without_a_key_the_401_comes_before_the_body_is_sent(edge: Embedded) -> None:
    """Headers that announce a body within the limit, and no body: no waiting for it."""
    with socket.create_connection(("127.0.0.1", edge.server.port), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/events HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {MAX_BODY - 1}\r\n\r\n".encode()
        )
        head = sock.recv(65536)  # the server answers, or this times out and fails
    assert head.startswith(b"HTTP/1.1 401"), head[:200]


# ------------------------------------------------------------ bodies


def test_a_chunked_body_over_the_limit_is_413(edge: Embedded, key: str) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts as it reads
        yield b'{"events": ['
        for _ in range(MAX_BODY // 1000 + 10):
            yield b" " * 1000
        yield b"]}"

    with edge.client(key) as client:
        response = client.post(
            "/v1/events", content=chunks(), headers={"Content-Type": "application/json"}
        )
        _body_problem(response, 413, f"larger than {MAX_BODY} bytes")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_a_body_that_is_not_declared_json_is_415(
    edge: Embedded, key: str, content_type: str
) -> None:
    with edge.client(key) as client:
        body = _problem(
            _post(client, json.dumps({"events": [sent("c")]}).encode(), content_type), 415
        )
        assert body["errors"] == [
            {"index": None, "field": "Content-Type", "problem": "must be application/json"}
        ]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'{"events": [{"event_id": ', "is not valid JSON"),
        (b'{"events": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "deeper than"),
        (b'{"events": [' + b"7" * 10_000 + b"]}", "number longer than"),
        (b'{"events": [{"type": "\xc3\x28"}]}', "is not UTF-8"),
        (b'{"events": [NaN]}', "NaN"),
    ],
    ids=["invalid JSON", "excessive nesting", "huge number", "invalid UTF-8", "NaN"],
)
def test_a_broken_body_is_400_naming_the_problem(
    edge: Embedded, key: str, content: bytes, words: str
) -> None:
    with edge.client(key) as client:
        _body_problem(_post(client, content), 400, words)


def test_the_error_of_a_large_bad_batch_is_small_and_echoes_nothing(
    shared_embedded: Embedded, shared_key: str
) -> None:
    secret = "Q" * 150  # a wrong type in each of 1,000 events: about 400 kB of JSON
    bad = sent("c1", candidate_id="echo")
    events = [{**bad, "type": f"{secret}{i:04d}"} for i in range(1000)]
    with shared_embedded.client(shared_key) as client:  # the default body limit
        response = _post(client, json.dumps({"events": events}).encode())
    body = _problem(response, 422)
    assert len(response.content) < 64_000, len(response.content)
    assert secret not in response.text
    assert "1000 problems" in str(body["detail"])


# ------------------------------------------------------------ one error object


def test_every_error_is_a_problem_with_the_request_id(edge: Embedded, key: str) -> None:
    with edge.client(key) as client:
        _problem(client.get("/nowhere"), 404)
        _problem(client.delete("/v1/events"), 405)
        _problem(client.get("/v1/candidates/nobody/state"), 404)
        _problem(client.get("/v1/replays", params={"limit": 0}), 422)
        echoed = client.get("/v1/candidates/nobody/state", headers={"X-Request-Id": "ticket-7"})
        assert echoed.headers["x-request-id"] == "ticket-7"
        assert echoed.json()["request_id"] == "ticket-7"
        assert client.get("/healthz").headers["x-request-id"]


def test_the_openapi_documents_every_error_status_as_a_problem(edge: Embedded) -> None:
    schema = httpx.get(f"{edge.server.url}/openapi.json", timeout=30).json()
    assert {"type", "title", "status", "detail", "request_id"} <= set(
        schema["components"]["schemas"]["Problem"]["required"]
    )
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            errors = {s: r for s, r in responses.items() if s[0] in "45"}
            for status, response in errors.items():
                assert list(response["content"]) == ["application/problem+json"], (path, status)
            if path.startswith("/v1/"):
                assert {"401", "403", "429", "500"} <= set(errors), (method, path)
                assert "Retry-After" in responses["429"]["headers"]
    post = schema["paths"]["/v1/events"]["post"]["responses"]
    assert {"400", "409", "413", "415", "422"} <= set(post)


# ------------------------------------------------------------ limits


def test_a_key_over_its_rate_is_429_with_retry_after(tmp_path: Path) -> None:
    for system in _start(tmp_path, {"OUTREACH_RATE_LIMIT_PER_SECOND": "0.01",
                                    "OUTREACH_RATE_LIMIT_BURST": "2"}):  # fmt: skip
        hasty, patient = system.key("acme"), system.key("acme")
        with system.client(hasty) as client:
            assert [client.get("/v1/replays").status_code for _ in range(2)] == [200, 200]
            refused = client.get("/v1/replays")
            body = _problem(refused, 429)
            assert int(refused.headers["retry-after"]) >= 1
            assert "rate limit" in str(body["detail"])
        with system.client(patient) as client:  # the limit is per key
            assert client.get("/v1/replays").status_code == 200


def test_an_unknown_method_does_not_become_a_label_value(edge: Embedded) -> None:
    httpx.request("FOO", f"{edge.server.url}/healthz", timeout=30)
    metrics = httpx.get(
        f"{edge.server.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
    ).text
    assert 'method="FOO"' not in metrics
    assert 'method="other"' in metrics


def test_a_request_head_that_never_completes_is_cut_off(edge: Embedded) -> None:
    with socket.create_connection(("127.0.0.1", edge.server.port), timeout=30) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")  # ...and never the blank line
        assert sock.recv(1024) == b""  # closed by the server, or this times out and fails


# ------------------------------------------------------------ /metrics


def test_metrics_need_the_token(edge: Embedded) -> None:
    url = f"{edge.server.url}/metrics"
    _problem(httpx.get(url, timeout=30), 401)
    _problem(httpx.get(url, headers={"Authorization": "Bearer wrong"}, timeout=30), 401)
    allowed = httpx.get(url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=30)
    assert allowed.status_code == 200
    assert "outreach_http_requests_total" in allowed.text
