"""``make run`` installs what the service needs and no more; the tests, lint and benchmarks
add their tools (requirements-dev.txt) on top."""

import re
from pathlib import Path

MAKEFILE = (Path(__file__).parents[3] / "Makefile").read_text()


def _rule(target: str) -> tuple[list[str], str]:
    """A target's prerequisites and its recipe."""
    match = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", MAKEFILE, re.M)
    assert match, f"no rule for {target}"
    return match.group(1).split(), match.group(2)


def test_make_run_installs_the_runtime_only() -> None:
    for target in ("run", "demo", "stack"):
        assert _rule(target)[0] == ["install-runtime"], target
    prerequisites, recipe = _rule("$(RUNTIME_STAMP)")
    assert "requirements-dev.txt" not in " ".join(prerequisites) + recipe
    assert "-e $(p)" in recipe


def test_tests_lint_and_benchmarks_install_the_tools_too() -> None:
    for target in ("lint", "unit", "integration", "bench", "soak"):
        assert _rule(target)[0] == ["install"], target
    assert _rule("test")[0] == ["lint"]
    prerequisites, recipe = _rule("$(STAMP)")
    assert "$(RUNTIME_STAMP)" in prerequisites
    assert "-r requirements-dev.txt" in recipe
