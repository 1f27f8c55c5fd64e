"""SQL helpers every store uses: one upsert for both dialects, one UTC datetime column,
and ``(columns) IN keys`` for many keys.

On PostgreSQL many rows, and many keys, travel as one JSON document
(``json_to_recordset``), not as one parameter per value: the statement's
text is then the same whatever the batch's size, so SQLAlchemy compiles it and psycopg
parses it once, and a batch of 1,000 rows is one statement with one parameter instead of
1,000 pipelined ones (ADR 0012, the projection). Rows go as JSON, not arrays, because
psycopg escapes every quote of a text array element in Python (JSON bodies are full of
them) and searches every element with a regular expression; orjson writes the document
in C.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    DateTime,
    Dialect,
    Insert,
    Select,
    String,
    Table,
    Text,
    and_,
    bindparam,
    cast,
    column,
    func,
    select,
    tuple_,
)
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
        # Already in UTC (a fact's sort key, say): no new datetime for the same instant.
        return value if value.tzinfo is UTC else value.astimezone(UTC)

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
    # On PostgreSQL the rows' keys must differ (every caller's do): one INSERT ... ON
    # CONFLICT cannot update a row twice.
    statement, rows = _bulk(conn, _DIALECTS[conn.dialect.name].insert(table), rows)
    key = [c.name for c in table.primary_key.columns]
    names = [c.name for c in table.columns if c.name not in key] if update is None else update
    if not names:
        _execute(conn, statement.on_conflict_do_nothing(index_elements=key), rows)
        return
    replace = {name: statement.excluded[name] for name in names}
    _execute(
        conn,
        statement.on_conflict_do_update(
            index_elements=key,
            set_=replace,
            where=where(statement.excluded) if where else None,
        ),
        rows,
    )


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """A plain INSERT of many rows (a row whose key is taken fails the statement)."""
    if rows:
        statement, params = _bulk(conn, table.insert(), rows)
        _execute(conn, statement, params)


def _execute(conn: Connection, statement: Insert, rows: Sequence[dict[str, Any]]) -> None:
    """Run ``statement`` once, or once per row. On SQLite many rows go to the driver's
    ``executemany`` as tuples, each value through its column's bind processing: SQLAlchemy
    builds a parameter dict per row in Python, half of the relay's bookkeeping (issue 11).
    Anything but the plain case (a bind that is not a row's column) takes SQLAlchemy's way."""
    if len(rows) < 2 or conn.dialect.name != "sqlite":
        conn.execute(statement, list(rows) or None)
        return
    names = list(rows[0])
    compiled = statement.compile(dialect=conn.dialect, column_keys=names)
    order = compiled.positiontup
    table = statement.table
    if order is None or not set(order) <= set(names) or not isinstance(table, Table):
        conn.execute(statement, list(rows))
        return
    types = [table.c[name].type for name in order]
    processors = [t.dialect_impl(conn.dialect).bind_processor(conn.dialect) for t in types]
    params = [
        tuple(p(row[name]) if p else row[name] for name, p in zip(order, processors, strict=True))
        for row in rows
    ]
    conn.exec_driver_sql(str(compiled), params)


InsertT = TypeVar("InsertT", bound=Insert)


def _bulk(
    conn: Connection, statement: InsertT, rows: Sequence[dict[str, Any]]
) -> tuple[InsertT, Sequence[dict[str, Any]]]:
    """The statement and its parameters: on PostgreSQL ``INSERT ... SELECT`` of the rows
    as one JSON document and no parameters left, elsewhere an executemany of the rows."""
    if conn.dialect.name != "postgresql":
        return statement, rows
    table = statement.table
    assert isinstance(table, Table)
    # The columns the rows name, as an executemany would take them from the first row: a
    # column left out (a delivery's claimed_by, say) gets its default, not a KeyError.
    columns = [c for c in table.columns if c.name in rows[0]]
    source = _json_rows(conn.dialect, columns, rows)
    return statement.from_select([c.name for c in columns], source), []


def in_keys(
    conn: Connection, columns: Sequence[Column[Any]], keys: Sequence[tuple[Any, ...]]
) -> ColumnElement[bool]:
    """``(columns) IN (SELECT ...)`` of the keys as one JSON document: PostgreSQL's
    ``json_to_recordset``, SQLite's ``json_each``; other dialects get a list of rows.

    Not SQLite's ``IN (VALUES ...)``: for a row value against a list SQLite scans the
    whole index, so a projection batch's lookup of its 500 keys grew with every fact
    stored (53 ms at 200,000 facts); against a subquery it searches the index once per
    key (under 1 ms at any size). One parameter, not three per key, also keeps the statement
    the same text for every batch, so SQLAlchemy compiles it once. One key, the read of
    one candidate on every request, is plain equalities: the document cost it a third."""
    if len(keys) == 1:
        return and_(*(c == v for c, v in zip(columns, keys[0], strict=True)))
    if conn.dialect.name == "postgresql":
        return tuple_(*columns).in_(_json_keys(conn.dialect, columns, keys))
    if conn.dialect.name == "sqlite":
        return tuple_(*columns).in_(_sqlite_json_keys(conn.dialect, columns, keys))
    return tuple_(*columns).in_(keys)


def _json_rows(
    dialect: Dialect,
    columns: Sequence[Column[Any]],
    rows: Sequence[dict[str, Any]],
    types: Sequence[Any] | None = None,
) -> Select[Any]:
    """``SELECT * FROM json_to_recordset(:rows) AS (column type, ...)``: the rows as one
    JSON array, each value through its column's bind processing first (so a
    ``UtcDateTime`` still refuses a naive moment and stores UTC); ``types`` instead of
    the columns' own in the record's definition."""
    names = [str(c.name) for c in columns]
    processors = [
        (name, p)
        for name, c in zip(names, columns, strict=True)
        if (p := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    columns_named = set(names)
    if all(row.keys() == columns_named for row in rows):
        # The usual case, each row holding exactly the columns: one copy of it, not two.
        plain = [row | {n: p(row[n]) for n, p in processors} for row in rows]
    else:
        plain = [
            {name: row[name] for name in names} | {n: p(row[n]) for n, p in processors}
            for row in rows
        ]
    document = orjson.dumps(plain)
    rows_param = cast(bindparam("rows", document.decode(), type_=Text), postgresql.JSON)
    kinds = types or [c.type for c in columns]
    typed = [column(c.name, kind) for c, kind in zip(columns, kinds, strict=True)]
    return select(
        func.json_to_recordset(rows_param).table_valued(*typed).render_derived(with_types=True)
    )


def _json_keys(
    dialect: Dialect, columns: Sequence[Column[Any]], keys: Sequence[tuple[Any, ...]]
) -> Select[Any]:
    """The keys as ``_json_rows`` of one row each. Not ``unnest`` of one array per
    column: psycopg quotes every text array element in Python (a regular expression
    search per value: a tenth of a projection batch's lookups)."""
    names = [str(c.name) for c in columns]
    # Text, not the columns' VARCHAR(n): a key longer than its column is found nowhere, as
    # with the arrays before, rather than failing the statement ("value too long").
    types = [Text() if isinstance(c.type, String) else c.type for c in columns]
    rows = [dict(zip(names, key, strict=True)) for key in keys]
    return _json_rows(dialect, columns, rows, types)


def _sqlite_json_keys(
    dialect: Dialect, columns: Sequence[Column[Any]], keys: Sequence[tuple[Any, ...]]
) -> Select[Any]:
    """The keys as ``SELECT json_extract(value, '$[0]'), ... FROM json_each(:keys)``, one array per
    key, each value through its column's bind processing first (as ``_json_rows``)."""
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    plain = [
        [v if p is None else p(v) for v, p in zip(key, processors, strict=True)] for key in keys
    ]
    document = bindparam("keys", orjson.dumps(plain).decode(), type_=Text)
    each = func.json_each(document).table_valued("value")
    return select(*(func.json_extract(each.c.value, f"$[{i}]") for i in range(len(columns))))


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in slices of at most ``size``: statements of bounded size."""
    return [items[start : start + size] for start in range(0, len(items), size)]
