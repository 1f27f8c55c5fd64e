"""The benchmark's own server ports and var dir, kept apart from the test suite's.

``tests/support/servers.py`` reads these variables when it is imported, so every entry
point of the harness calls ``configure()`` before importing anything that imports it.
A value already in the environment (the Makefile's) wins.
"""

import os

DEFAULTS = {
    "OUTREACH_TEST_VAR_DIR": "/tmp/bench-var",
    "OUTREACH_TEST_KAFKA_PORT": "29092",
    "OUTREACH_TEST_KAFKA_CONTROLLER_PORT": "29093",
    "OUTREACH_TEST_PG_PORT": "25432",
}
HTTP_PORTS = range(28000, 28101)
"""Where the harness runs its HTTP servers (embedded, roles, the constant app)."""


def configure() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)


def require() -> None:
    """Refuse to touch a server unless ``configure()`` ran first: the test-server helpers
    would otherwise point at the test suite's ports."""
    missing = [name for name in DEFAULTS if name not in os.environ]
    if missing:
        raise RuntimeError(f"bench.perf.env.configure() was not called: {', '.join(missing)} unset")
