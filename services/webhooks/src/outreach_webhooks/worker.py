"""The webhooks' background loops as a process runs them: the fan-out and the deliverer."""

import threading

from outreach_webhooks.fanout_store import FanOut


def run_fanout(fanout: FanOut, stop: threading.Event, idle_seconds: float) -> None:
    """Fan out until stopped: at once again while a pass moved the watermark by a whole
    batch (a backlog), else after ``idle_seconds``."""
    while not stop.is_set():
        done = fanout.run_once()
        if not done.full:
            stop.wait(idle_seconds)
