"""The collector's settings a serving process takes (outreach.heap, ADR 0012 eighth round)."""

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outreach import cli_app, heap


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_collector")
def test_settling_freezes_what_exists_and_collects_the_young_less_often() -> None:
    kept = [[index] for index in range(1_000)]  # stands for what a process keeps
    _young, middle, old = gc.get_threshold()
    heap.settle()
    assert gc.get_freeze_count() >= len(kept)
    assert gc.get_threshold() == (heap.YOUNG_THRESHOLD, middle, old)


@pytest.mark.usefixtures("restored_collector")
def test_serve_settles_the_heap_once_the_app_is_built(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def run(app: object, **_options: object) -> None:  # instead of serving
        seen["frozen"], seen["threshold"] = gc.get_freeze_count(), gc.get_threshold()[0]

    gc.unfreeze()
    monkeypatch.setattr("outreach.cli_app.uvicorn.run", run)
    # Nor take this process's SIGTERM or root logger, as a server's start does.
    monkeypatch.setattr("outreach.cli_app.signal.signal", lambda *_args: None)
    monkeypatch.setattr("outreach.cli_app.logs.configure", lambda _level: None)
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(cli_app.app, ["serve", "embedded"])
    assert result.exit_code == 0, result.output
    assert seen["threshold"] == heap.YOUNG_THRESHOLD
    assert isinstance(seen["frozen"], int)
    assert seen["frozen"] > 0
