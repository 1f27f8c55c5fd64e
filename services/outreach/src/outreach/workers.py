"""Background threads a process runs beside its HTTP server, stopped with it."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)
RESTART_SECONDS = 2.0

Loop = Callable[[threading.Event], None]
"""Runs until the event is set; checks it between units of work (a batch), each of which
commits with its position, so a loop that returns has recorded how far it got."""


@dataclass
class Workers:
    loops: dict[str, Loop] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def add(self, name: str, loop: Loop) -> None:
        self.loops[name] = loop

    def start(self) -> None:
        self.stop.clear()
        for name, loop in self.loops.items():
            thread = threading.Thread(target=self._guard, args=(name, loop), name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        if self.loops:
            log.info("background workers started: %s", ", ".join(self.loops))

    def shutdown(self, timeout: float = 10.0) -> list[str]:
        """Ask every loop to stop, and wait up to ``timeout`` in all (not per thread) for
        them to finish the batch they hold. Returns the names of those still running: the
        process exits without them, and their uncommitted batch is rolled back, to be
        done again after a restart from the recorded position."""
        self.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0))
        unfinished = [thread.name for thread in self._threads if thread.is_alive()]
        if unfinished:
            log.warning("background workers still busy after %.1f s: %s", timeout, unfinished)
        else:
            log.info("background workers stopped")
        self._threads.clear()
        return unfinished

    def _guard(self, name: str, loop: Loop) -> None:
        # A dead worker would leave a process that answers /healthz and does nothing: start
        # the loop again after a pause (the relay and the projections resume from their
        # stored positions, so a restart loses and doubles nothing).
        while not self.stop.is_set():
            try:
                loop(self.stop)
                return
            except Exception:
                log.exception("background worker %s failed; restarting it", name)
                self.stop.wait(RESTART_SECONDS)
