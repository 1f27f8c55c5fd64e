"""The webhooks' background loops as a process runs them: the fan-out and the deliverer."""

import threading
import time
from collections.abc import Callable

from outreach_webhooks.fanout_store import FanOut

GAUGE_SECONDS = 10.0


def run_fanout(
    fanout: FanOut,
    stop: threading.Event,
    idle_seconds: float,
    every_few_seconds: Callable[[], None] = lambda: None,
) -> None:
    """Fan out until stopped: at once again while a pass moved the watermark by a whole
    batch (a backlog), else after ``idle_seconds``; and every ``GAUGE_SECONDS`` call
    ``every_few_seconds`` (the gauges read from the tables)."""
    due = 0.0
    while not stop.is_set():
        if time.monotonic() >= due:
            every_few_seconds()
            due = time.monotonic() + GAUGE_SECONDS
        done = fanout.run_once()
        if not done.full:
            stop.wait(idle_seconds)
