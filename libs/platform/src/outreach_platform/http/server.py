"""What uvicorn lets one client hold: its options from the settings, and a header timeout.

uvicorn bounds the size of a request head (``h11_max_incomplete_event_size``), idle
keep-alive connections (``timeout_keep_alive``) and concurrent connections and tasks
(``limit_concurrency``: 503 beyond), but not the time a client may take to send a request
head: a connection that trickles one header byte at a time stays open for ever. The
protocol below closes a connection whose request head is not complete within
``header_timeout_seconds`` of its start or of the previous response.
"""

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from outreach_platform.settings import Settings


class HeaderTimeoutH11Protocol(H11Protocol):
    header_timeout: float = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_request_head()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a whole request head has arrived
            self._stop_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._await_request_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def _await_request_head(self) -> None:
        self._stop_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout, self._head_overdue)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _head_overdue(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``: the HTTP edge's limits."""
    protocol = type(
        "ConfiguredH11Protocol",
        (HeaderTimeoutH11Protocol,),
        {"header_timeout": settings.header_timeout_seconds},
    )
    return {
        "http": protocol,
        "timeout_keep_alive": settings.keep_alive_timeout_seconds,
        "limit_concurrency": settings.max_concurrency,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
    }
