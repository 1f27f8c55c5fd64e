"""Every demo candidate's report, rendered by a real browser: Debian's headless Chromium,
started by the test on each page the server sent, with a fresh profile and no network.

The screenshots are kept under ``$OUTREACH_TEST_VAR_DIR/report-screenshots/`` (var/test/
by default) for a person to look at; the test checks that each is a PNG of the window's
size that is not blank, and that the DOM Chromium built holds both charts and all seven
reasons.
"""

import re
import subprocess
from datetime import date
from functools import partial
from pathlib import Path

import httpx
import pytest
from PIL import Image

from outreach.demo import load_demo
from outreach.demo_data import demo_candidates
from outreach_diagnostics.rules.verdicts import TITLES
from tests.support.embedded import Embedded
from tests.support.process import eventually
from tests.support.servers import TEST_VAR_DIR, ensure_chromium

PARTNER = "report-demo"
WIDTH, HEIGHT = 1000, 1400
SCREENSHOTS = TEST_VAR_DIR / "report-screenshots"


@pytest.fixture(scope="module")
def chromium() -> str:
    return ensure_chromium()  # installs Debian's package on a fresh machine


@pytest.fixture(scope="module")
def pages(shared_embedded: Embedded, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each demo candidate's report as the server sent it, saved as a file."""
    key = shared_embedded.key(PARTNER, "events:write,diagnoses:read")
    load_demo(shared_embedded.server.url, key, date.today())
    folder = tmp_path_factory.mktemp("reports")
    found = {}
    with shared_embedded.client(key) as client:
        for candidate in demo_candidates(date.today()):
            eventually(partial(_projected, client, candidate))
            response = client.get(f"/v1/candidates/{candidate}/report")
            assert response.status_code == 200, response.text
            assert response.headers["content-type"].startswith("text/html")
            found[candidate] = folder / f"{candidate}.html"
            found[candidate].write_text(response.text, encoding="utf-8")
    return found


def _projected(client: httpx.Client, candidate: str) -> None:
    assert client.get(f"/v1/candidates/{candidate}/state").status_code == 200


def _chromium(
    chromium: str, page: Path, profile: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        *args,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.mark.parametrize("candidate", list(demo_candidates(date.today())))
def test_chromium_renders_the_report(
    candidate: str, pages: dict[str, Path], chromium: str, tmp_path: Path
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{candidate}.png"
    shot.unlink(missing_ok=True)
    _chromium(chromium, pages[candidate], tmp_path / "profile-shot", f"--screenshot={shot}")
    with Image.open(shot) as image:
        assert image.format == "PNG"
        assert image.size == (WIDTH, HEIGHT)
        low, high = image.convert("L").getextrema()
        assert isinstance(low, int)
        assert isinstance(high, int)
        assert high - low > 100  # dark text on a light page, not one flat colour
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 20  # charts and text, not a blank page

    dom = _chromium(chromium, pages[candidate], tmp_path / "profile-dom", "--dump-dom").stdout
    assert re.search(r'<svg[^>]*id="weekly-chart"', dom)
    assert re.search(r'<svg[^>]*id="funnel-chart"', dom)
    assert len(re.findall(r'<rect class="bar', dom)) == 12  # one bar a week
    assert len(re.findall(r'<div class="reason ', dom)) == 7
    for title in TITLES.values():
        assert title in dom.replace("&amp;", "&"), title
    assert "<script" not in dom
