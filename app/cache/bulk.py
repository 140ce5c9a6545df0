"""Bulk upserts: one compiled INSERT ... ON CONFLICT DO UPDATE per table, run with executemany.

SQLAlchemy builds the statement (the sqlite or postgresql `insert` construct) and supplies each
column type's bind processor, but rows skip the per-row parameter handling of `Connection.execute`
(which costs more than SQLite itself): they are encoded by one generated function per statement
and handed to the driver's executemany.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table
from sqlalchemy.dialects import postgresql, sqlite

Row = tuple[Any, ...]


def upsert_statement(dialect: Dialect, table: Table, columns: Sequence[str], *,
                     guarded: bool = True) -> Any:
    """INSERT of `columns`; on a key conflict update the rest, unless the stored version is newer.

    The version guard repeats the check CacheStore makes before writing, so that two writers
    sharing one PostgreSQL database cannot put an older record over a newer one. Unguarded
    (`guarded=False`), the row replaces the stored one whatever its version: for a full re-read
    of a source that went back to older data.
    """
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect.name]
    statement = insert(table)
    key = [c.name for c in table.primary_key.columns]
    updates = {name: statement.excluded[name] for name in columns if name not in key}
    versioned = guarded and "version" in table.c
    guard = (table.c.version <= statement.excluded.version) if versioned else None
    return statement.on_conflict_do_update(index_elements=key, set_=updates, where=guard)


def _row_encoder(order: Sequence[tuple[int, Callable[[Any], Any] | None, bool]]
                 ) -> Callable[[Row], Row]:
    """A function taking one row tuple to the statement's parameters: for each (index in the
    row, processor, whether the processor needs a None check) in `order`, the processed value.

    Generated once per statement because a straight-line expression per column is several times
    faster than looping over the columns of every row.
    """
    namespace: dict[str, Any] = {}
    parts = []
    for index, processor, check_none in order:
        if processor is None:
            parts.append(f"r[{index}]")
            continue
        namespace[f"p{index}"] = processor
        if check_none:
            parts.append(f"(None if r[{index}] is None else p{index}(r[{index}]))")
        else:
            parts.append(f"p{index}(r[{index}])")
    return eval(f"lambda r: ({', '.join(parts)},)", namespace)  # noqa: S307 - our own code


def _processor(dialect: Dialect, column: Column[Any]
               ) -> tuple[Callable[[Any], Any] | None, bool]:
    """The column's bind processor, and whether it needs a None check in front.

    On SQLite the cache's own types offer a plain function for non-None values (str,
    date.isoformat...), saving a wrapper call per value; SQLAlchemy's processors pass None
    through themselves.
    """
    direct = getattr(column.type, "sqlite_encode", None)
    if dialect.name == "sqlite" and direct is not None:
        return direct, bool(column.nullable)
    return column.type.dialect_impl(dialect).bind_processor(dialect), False


class _Prepared:
    def __init__(self, dialect: Dialect, table: Table, columns: Sequence[str],
                 guarded: bool) -> None:
        compiled = upsert_statement(dialect, table, columns, guarded=guarded).compile(
            dialect=dialect, column_keys=list(columns))
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        # Positional drivers take the values in the statement's order (the table's column
        # order), named ones take a dict keyed by these names.
        self.columns = tuple(compiled.positiontup or ()) if self.positional else tuple(columns)
        if sorted(self.columns) != sorted(columns):
            raise RuntimeError(f"{table.name}: unexpected parameters {self.columns}")
        self.encode = _row_encoder([
            (list(columns).index(name), *_processor(dialect, table.c[name]))
            for name in self.columns])


class BulkUpserter:
    """Upserts row tuples whose values are in the order of the given column names."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._prepared: dict[tuple[str, tuple[str, ...], bool], _Prepared] = {}

    def upsert(self, conn: Connection, table: Table, columns: Sequence[str],
               rows: Sequence[Row], *, guarded: bool = True) -> None:
        """`guarded=False`: the rows replace stored ones even where those hold a newer version
        (see upsert_statement)."""
        if not rows:
            return
        key = (table.name, tuple(columns), guarded)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = _Prepared(self._dialect, table, columns, guarded)
        encode = prepared.encode
        if prepared.positional:
            params: list[Any] = [encode(row) for row in rows]
        else:  # psycopg takes named parameters: %(name)s
            names = prepared.columns
            params = [dict(zip(names, encode(row), strict=True)) for row in rows]
        conn.exec_driver_sql(prepared.sql, params)
