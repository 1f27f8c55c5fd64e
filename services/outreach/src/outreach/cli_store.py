"""The store an ``outreach`` command acts on: said on stderr before it is touched, and what
the command says when it cannot be reached (exit 1) or the settings are wrong (exit 2).

Light on purpose, as ``outreach keys`` is (cli_keys.py): the composition root and the
drivers' exception classes load only when a command needs them.
"""

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError
from sqlalchemy import Engine, Table, make_url

from outreach.settings import OutreachSettings

RUNTIME_FAILURE, USAGE = 1, 2
_acting_on: list[str] = []


def describe(settings: OutreachSettings) -> str:
    """The store's URL, password masked; on SQLite the event store's file too."""
    if settings.store == "sqlite":
        directory = settings.data_dir.resolve()
        return f"sqlite:///{directory / 'outreach.db'} (events: {directory / 'events.db'})"
    return make_url(settings.database_url()).render_as_string(hide_password=True)


def open_store(settings: OutreachSettings, tables: Iterable[Table] | None = None) -> Engine:
    """The database of ``settings`` after saying which it is, with every table (or only
    ``tables``: what a key command needs, without loading every service)."""
    where = describe(settings)
    _acting_on.append(where)
    typer.echo(f"store: {where}", err=True)
    if tables is None:
        from outreach.composition import open_database  # every service: only when needed

        return open_database(settings)
    from outreach_platform.database import create_schema, make_engine

    settings.prepare()
    engine = make_engine(settings.database_url())
    create_schema(engine, tables)
    return engine


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
    except Exception as error:
        if not isinstance(error, _unreachable()):
            raise
        where = _acting_on[-1] if _acting_on else "the store"
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        _fail(RUNTIME_FAILURE, f"cannot reach {where}: {first}")


def _unreachable() -> tuple[type[Exception], ...]:
    from eventsourcing import persistence as event_store
    from psycopg import OperationalError as DriverOperationalError
    from sqlalchemy.exc import InterfaceError, OperationalError

    return (
        OperationalError,  # SQLAlchemy: refused, timed out, locked, no such database
        InterfaceError,
        DriverOperationalError,  # psycopg's, where a connection is used directly
        event_store.OperationalError,  # the event store's own (eventsourcing)
        event_store.InterfaceError,
    )


def _setting_problems(error: ValidationError) -> list[str]:
    return [
        f"OUTREACH_{'__'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
        if e["loc"]
        else str(e["msg"]).removeprefix("Value error, ")
        for e in error.errors()
    ]


def _fail(code: int, message: str) -> None:
    print(f"outreach: {message}", file=sys.stderr)
    raise SystemExit(code)
