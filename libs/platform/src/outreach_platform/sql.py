"""SQL helpers every store uses: one upsert for both dialects, one UTC datetime column."""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, DateTime, Dialect, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")
_DIALECTS = {"postgresql": postgresql, "sqlite": sqlite}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware moment, stored in UTC and read back aware on every dialect.

    SQLite keeps no offset: without this, every reader would have to guess (three copies
    of a ``_utc`` helper did), and a naive moment compared with an aware one raises.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"refusing to store a naive datetime {value!r}: give it an offset")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    update: Sequence[str] | None = None,
    where: Callable[[Any], ColumnElement[bool]] | None = None,
) -> None:
    """INSERT ... ON CONFLICT (primary key) DO UPDATE, for many rows in one statement.

    ``update`` names the columns a conflicting row takes from the new one (default: every
    column outside the key; empty: keep the existing row, DO NOTHING). ``where`` limits the
    update, e.g. to move a position only forward: it is given the ``excluded`` pseudo-table
    (the row being inserted).
    """
    if not rows:
        return
    if conn.dialect.name not in _DIALECTS:
        raise NotImplementedError(f"no upsert for {conn.dialect.name}: use SQLite or PostgreSQL")
    statement = _DIALECTS[conn.dialect.name].insert(table)
    key = [c.name for c in table.primary_key.columns]
    names = [c.name for c in table.columns if c.name not in key] if update is None else update
    if not names:
        conn.execute(statement.on_conflict_do_nothing(index_elements=key), list(rows))
        return
    replace = {name: statement.excluded[name] for name in names}
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=key,
            set_=replace,
            where=where(statement.excluded) if where else None,
        ),
        list(rows),
    )


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in slices of at most ``size``: statements of bounded size."""
    return [items[start : start + size] for start in range(0, len(items), size)]
