"""A role process logs its own decisions at INFO and keeps the libraries' chatter out."""

import logging
from collections.abc import Iterator

import pytest

from outreach import logs


@pytest.fixture(autouse=True)
def _restore_levels() -> Iterator[None]:
    names = [*logs.INFO_LOGGERS, "kafka.conn", "uvicorn.access"]
    saved = {name: logging.getLogger(name).level for name in names}
    root = logging.getLogger().level
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)
    logging.getLogger().setLevel(root)


def test_info_shows_our_decisions_and_group_changes_but_not_library_chatter() -> None:
    logs.configure("INFO")
    assert logging.getLogger("outreach_projection.kafka_feed").isEnabledFor(logging.INFO)
    assert logging.getLogger("kafka.coordinator.consumer").isEnabledFor(logging.INFO)
    assert not logging.getLogger("kafka.conn").isEnabledFor(logging.INFO)
    assert not logging.getLogger("uvicorn.access").isEnabledFor(logging.INFO)


def test_warning_silences_our_info_lines() -> None:
    logs.configure("WARNING")
    assert not logging.getLogger("outreach.workers").isEnabledFor(logging.INFO)
    assert logging.getLogger("outreach.workers").isEnabledFor(logging.WARNING)


def test_debug_opens_everything() -> None:
    logs.configure("DEBUG")
    assert logging.getLogger("kafka.conn").isEnabledFor(logging.DEBUG)
