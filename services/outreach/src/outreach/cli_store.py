"""The store an ``outreach`` command acts on: said on stderr before it is touched, and what
the command says when it cannot be reached (exit 1) or the settings are wrong (exit 2)."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from eventsourcing import persistence as event_store
from psycopg import OperationalError as DriverOperationalError
from pydantic import ValidationError
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import InterfaceError, OperationalError

from outreach.composition import open_database
from outreach.settings import OutreachSettings

RUNTIME_FAILURE, USAGE = 1, 2
UNREACHABLE: tuple[type[Exception], ...] = (
    OperationalError,  # SQLAlchemy: refused, timed out, locked, no such database
    InterfaceError,
    DriverOperationalError,  # psycopg's, where a connection is used directly
    event_store.OperationalError,  # the event store's own (eventsourcing)
    event_store.InterfaceError,
    event_store.ConnectionUnavailableError,
)
_acting_on: list[str] = []


def describe(settings: OutreachSettings) -> str:
    """The store's URL, password masked; on SQLite the event store's file too."""
    if settings.store == "sqlite":
        directory = settings.data_dir.resolve()
        return f"sqlite:///{directory / 'outreach.db'} (events: {directory / 'events.db'})"
    return make_url(settings.database_url()).render_as_string(hide_password=True)


def open_store(settings: OutreachSettings) -> Engine:
    """The database of ``settings`` with its schema, after saying which it is."""
    where = describe(settings)
    _acting_on.append(where)
    typer.echo(f"store: {where}", err=True)
    return open_database(settings)


def admin_settings() -> OutreachSettings:
    return OutreachSettings.for_admin()


@contextmanager
def user_errors() -> Iterator[None]:
    """Settings that do not validate and a store that cannot be reached end the command
    with a sentence, not a traceback."""
    try:
        yield
    except ValidationError as error:
        _fail(USAGE, "invalid settings: " + "; ".join(_setting_problems(error)))
    except UNREACHABLE as error:
        where = _acting_on[-1] if _acting_on else "the store"
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        _fail(RUNTIME_FAILURE, f"cannot reach {where}: {first}")


def _setting_problems(error: ValidationError) -> list[str]:
    return [
        f"OUTREACH_{'__'.join(str(p) for p in e['loc']).upper() or '*'}: {e['msg']}"
        if e["loc"]
        else str(e["msg"]).removeprefix("Value error, ")
        for e in error.errors()
    ]


def _fail(code: int, message: str) -> None:
    print(f"outreach: {message}", file=sys.stderr)
    raise SystemExit(code)
