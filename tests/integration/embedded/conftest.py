"""Fixtures of the embedded-default tests (the servers: tests/integration/conftest.py)."""

import pytest

from tests.support.embedded import Embedded


@pytest.fixture(scope="module")
def shared_key(shared_embedded: Embedded) -> str:
    return shared_embedded.key()
