"""Fixtures of the schemathesis runs (the servers: tests/integration/conftest.py)."""

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # schemathesis 4.32's ``from_fixture`` (pytest/lazy.py) reads and rewrites
    # ``Node._nodeid`` to name each operation's subtest; pytest 9.2 keeps the id elsewhere
    # and has no such attribute. Giving it one is all the lazy loader needs.
    if not hasattr(item, "_nodeid"):
        item._nodeid = item.nodeid  # type: ignore[attr-defined]
