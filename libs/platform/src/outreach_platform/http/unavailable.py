"""A database that cannot be reached is a ``503`` with ``Retry-After``, not a ``500``.

While PostgreSQL restarts (or a SQLite file is locked past its timeout) every route that
touches a store fails to connect: the key lookup first, then the event store or the read
model. That is the service being briefly unavailable, not a bug, and a client should post
again after a pause — safely, since a repeated event is answered as a duplicate even if
the first attempt was saved just before the connection went. The soak (``make soak``)
found these as 500s while it killed PostgreSQL.
"""

import logging
from collections.abc import Iterable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from psycopg import InterfaceError as DriverInterfaceError
from psycopg import OperationalError as DriverOperationalError
from sqlalchemy.exc import InterfaceError as SqlInterfaceError
from sqlalchemy.exc import OperationalError as SqlOperationalError

from outreach_platform.http.errors import problem
from outreach_platform.http.request_id import current_request_id

RETRY_AFTER_SECONDS = 2
DATABASE_UNREACHABLE: tuple[type[Exception], ...] = (
    SqlOperationalError,  # SQLAlchemy: connection refused, server starting up or gone, locked
    SqlInterfaceError,
    DriverOperationalError,  # the driver's own, where a connection is used directly
    DriverInterfaceError,
)
"""The errors every process answers with a 503; a service adds its store's own (the
intake: the event store's, which wraps the driver's) with ``install(app, errors)``."""
_log = logging.getLogger("outreach.http")


async def _unreachable(request: Request, exc: Exception) -> JSONResponse:
    _log.warning(
        "database unreachable in %s %s (request %s): %s: %s",
        request.method,
        request.url.path,
        current_request_id(),
        type(exc).__name__,
        str(exc).splitlines()[0] if str(exc) else "",
    )
    return problem(
        503,
        "the database is unreachable for a moment; retry after the pause Retry-After gives "
        "(events already recorded are answered as duplicates)",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def install(app: FastAPI, errors: Iterable[type[Exception]] = DATABASE_UNREACHABLE) -> None:
    for error in errors:
        app.add_exception_handler(error, _unreachable)
