"""bench/render_panels.py against a stand-in Prometheus that answers every range query."""

import importlib.util
import json
import math
import socket
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.unit.observability.conftest import REPO

SCRIPT = REPO / "bench" / "render_panels.py"
KEY_PANELS = 12
LABELS = {
    "job": "intake",
    "instance": "127.0.0.1:8001",
    "service": "intake",
    "route": "/v1/events",
    "type": "outreach.sent",
    "reason": "too_few_contacts",
}


class FakePrometheus(BaseHTTPRequestHandler):
    queries: list[str] = []

    def do_GET(self) -> None:
        url = urllib.parse.urlparse(self.path)
        params = dict(urllib.parse.parse_qsl(url.query))
        if url.path != "/api/v1/query_range":
            self.send_error(404)
            return
        self.queries.append(params["query"])
        start, end, step = (float(params[key]) for key in ("start", "end", "step"))
        points = [start + i * step for i in range(int((end - start) / step) + 1)]
        values = [[t, str(1 + math.sin(t / 60))] for t in points]
        values[-1][1] = "NaN"  # Prometheus sends NaN for 0/0; it must not break a plot
        body = {
            "status": "success",
            "data": {"resultType": "matrix", "result": [{"metric": LABELS, "values": values}]},
        }
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def prometheus() -> Iterator[str]:
    FakePrometheus.queries = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePrometheus)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def render(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_writes_one_png_per_key_panel_and_an_overview(prometheus: str, tmp_path: Path) -> None:
    done = render("--prometheus", prometheus, "--minutes", "10", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    written = [Path(line) for line in done.stdout.splitlines()]
    assert len(written) == KEY_PANELS + 1
    assert written[-1].name == "overview.png"
    assert "operations--latency-p95-by-route.png" in {path.name for path in written}
    assert "networking-outcomes--weekly-outreach-funnel.png" in {path.name for path in written}
    for path in written:
        assert path.parent == tmp_path
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), path
    assert FakePrometheus.queries
    assert not [query for query in FakePrometheus.queries if "$" in query]


def test_fails_clearly_without_prometheus(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    done = render("--prometheus", closed, "--out", str(tmp_path))
    assert done.returncode == 2
    assert "cannot query Prometheus" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_stretch_without_points_breaks_the_line() -> None:
    """A series absent for a while (a revoked partition's lag, say) is drawn with a gap."""
    spec = importlib.util.spec_from_file_location("render_panels", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    points = [(0.0, 1.0), (2.0, 2.0), (4.0, 3.0), (12.0, 4.0)]
    drawn = module._with_gaps(points, 2.0)
    assert [t for t, _ in drawn] == [0.0, 2.0, 4.0, 6.0, 12.0]
    assert [math.isnan(v) for _, v in drawn] == [False, False, False, True, False]
    assert module._with_gaps(points[:3], 2.0) == points[:3]
