"""Background threads a process runs beside its HTTP server, stopped with it."""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)
RESTART_SECONDS = 2.0

Loop = Callable[[threading.Event], None]
"""Runs until the event is set."""


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

    def shutdown(self, timeout: float = 10.0) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

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
