"""One spell checker for the whole session: loading the dictionary is the slow part."""

import pytest

from outreach_diagnostics.spelling import SpellCheck, default_checker


@pytest.fixture(scope="session")
def spelling() -> SpellCheck:
    return default_checker()
