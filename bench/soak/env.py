"""The soak's own server ports and var dir, apart from the test suite's and the benchmark's.

``tests/support/servers.py`` reads the ``OUTREACH_TEST_*`` variables when it is imported,
so ``bench.soak.run`` calls ``configure()`` before importing anything that imports it. A
value already in the environment wins.
"""

import os

DEFAULTS = {
    "OUTREACH_TEST_VAR_DIR": "/tmp/soak-var",
    "OUTREACH_TEST_KAFKA_PORT": "59092",
    "OUTREACH_TEST_KAFKA_CONTROLLER_PORT": "59093",
    "OUTREACH_TEST_PG_PORT": "55432",
}
HTTP_PORTS = range(58001, 58011)
"""Where the roles listen: the first free ports of the range, taken at start-up and kept
for every restart (ports here lie in Linux's ephemeral range, so another program's
client or free-port test server may hold one for a while)."""


def configure() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
