"""A read-only export of the cache for BI tools (Power BI, Tableau): a folder of CSV files, one
per cache table, with a README.txt describing them, or a consistent copy of the SQLite file.

The console never reads an export back: it is a copy for reporting, made while the console
may be running. The CSV folder is read in one transaction (a snapshot); the SQLite copy uses
SQLite's online backup API, so neither ever catches a half-applied sync.

    gemba-export --to ~/gemba-bi                    # the console's default cache, as CSV
    gemba-export --cache sqlite:////path/cache.sqlite3 --to ~/gemba-bi --format sqlite
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.engine import make_url

from app.cache.database import (
    HEAD_REVISION,
    create_cache_engine,
    current_revision,
    default_cache_url,
)
from app.cache.schema import metadata
from app.cache.store import CacheStore
from app.cache.types import ExactDecimal, JsonDocument, PlainDate, UtcDateTime
from app.table_files import write_csv

FORMATS = ("csv", "sqlite")
SQLITE_COPY = "gemba-cache.sqlite3"
README = "README.txt"
# Not data: the opaque paging tokens the sync engine sends back to its sources.
SKIPPED_TABLES = frozenset({"sync_tokens"})
BATCH_ROWS = 5000


class ExportError(Exception):
    """The export cannot be made (no cache there, a format the cache cannot give)."""


def exported_tables() -> list[Table]:
    """The cache's tables an export holds, parents before children, by name otherwise."""
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def _column_kind(column: Any) -> str:
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return "time, UTC, ISO 8601 (2026-03-02T08:00:00+00:00)"
    if isinstance(kind, PlainDate):
        return "date, ISO 8601 (2026-03-02)"
    if isinstance(kind, ExactDecimal):
        return "decimal number (exact, '.' as decimal point)"
    if isinstance(kind, JsonDocument):
        return "JSON text"
    name = type(kind).__name__
    if name == "Boolean":
        return "true/false"
    if name == "Integer":
        return "integer"
    return "text"


def _field(value: Any) -> Any:
    """A value as it goes to the CSV: times in UTC, documents as JSON, the rest as read."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo is not None else value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return value


def readme_text(tables: Sequence[Table], counts: dict[str, int], source: str,
                made_at: datetime, fmt: str) -> str:
    lines = [
        "Gemba Console: a read-only export of the cache",
        "",
        f"Made at {made_at.isoformat(timespec='seconds')} (UTC) from {source}.",
        "The console never reads this folder back: change nothing here expecting the console",
        "to see it. Make a new export for newer data (the same file names are overwritten).",
        "",
        "Conventions",
        "- Times are UTC, ISO 8601 with their offset (2026-03-02T08:00:00+00:00); dates are",
        "  ISO 8601 days (2026-03-02). Convert to the plant's zone (sites.time_zone) in the",
        "  report when needed.",
        "- Decimals use '.' and are exact; true/false for flags; an empty field is no value.",
        "- Records a backend owns are keyed by (source, id): `source` names the CRM or MES the",
        "  record came from. Child tables repeat their parent's key (order_lines: source,",
        "  order_id, line_no); join on those columns.",
        "- Text is exactly as the backends sent it (formulas are not neutralised: BI tools do",
        "  not evaluate them; take care when opening a file in a spreadsheet).",
    ]
    if fmt == "csv":
        lines += ["- Files are UTF-8 with a byte order mark, comma separated, with a header line.",
                  ""]
    else:
        lines += [f"- {SQLITE_COPY} is a consistent copy of the SQLite cache: the same tables",
                  "  and columns (SQLite stores times as UTC text 'YYYY-MM-DD HH:MM:SS.ffffff',",
                  "  decimals as text, JSON as text).", ""]
    lines += ["Tables", ""]
    for table in tables:
        name = f"{table.name}.csv" if fmt == "csv" else f"table {table.name}"
        key = ", ".join(c.name for c in table.primary_key.columns)
        lines.append(f"{name}  ({counts.get(table.name, 0)} rows; key: {key})")
        for column in table.columns:
            lines.append(f"    {column.name}: {_column_kind(column)}"
                         + ("" if column.nullable is False or column.primary_key
                            else ", may be empty"))
        lines.append("")
    return "\n".join(lines)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One read transaction over every table, so the files agree with each other."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")  # pysqlite starts none for SELECTs: WAL snapshot
        elif engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ",
                                          postgresql_readonly=True)
        try:
            yield conn
        finally:
            conn.rollback()


def _rows(conn: Connection, table: Table) -> Iterator[list[Any]]:
    order = list(table.primary_key.columns)
    result = conn.execution_options(yield_per=BATCH_ROWS).execute(
        select(table).order_by(*order))
    for row in result:
        yield [_field(value) for value in row]


def _engine_for(store_or_url: CacheStore | Engine | str | None) -> tuple[Engine, bool, str]:
    """(engine, whether we own it, a description of where it is, without a password)."""
    if isinstance(store_or_url, CacheStore):
        engine = store_or_url.engine
        return engine, False, engine.url.render_as_string(hide_password=True)
    if isinstance(store_or_url, Engine):
        return store_or_url, False, store_or_url.url.render_as_string(hide_password=True)
    url = store_or_url or default_cache_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or not Path(database).is_file():
            raise ExportError(f"no cache at {url}")
    engine = create_cache_engine(url)  # never migrated: an export changes nothing
    revision = current_revision(engine)
    if revision != HEAD_REVISION:
        engine.dispose()
        where = parsed.render_as_string(hide_password=True)
        if revision is None:
            raise ExportError(f"{where} holds no Gemba cache")
        raise ExportError(f"the cache at {where} has schema {revision}, this export reads "
                          f"{HEAD_REVISION}: open it once with this version of the console")
    return engine, True, parsed.render_as_string(hide_password=True)


def export_cache(store_or_url: CacheStore | Engine | str | None, folder: Path,
                 fmt: str = "csv") -> dict[str, int]:
    """Export the cache to `folder` (created if missing): one CSV per table (`fmt="csv"`) or a
    SQLite copy (`fmt="sqlite"`), with README.txt. Returns rows per table."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use {' or '.join(FORMATS)}")
    folder = Path(folder)
    engine, owned, where = _engine_for(store_or_url)
    made_at = datetime.now(UTC)
    tables = exported_tables()
    counts: dict[str, int] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "sqlite":
            if engine.dialect.name != "sqlite":
                raise ExportError("a SQLite copy needs a SQLite cache: use --format csv")
            snapshot_sqlite(engine.url.render_as_string(hide_password=False),
                            folder / SQLITE_COPY)
            with sqlite3.connect(folder / SQLITE_COPY) as copy:
                for table in tables:
                    counts[table.name] = copy.execute(
                        f'SELECT COUNT(*) FROM "{table.name}"').fetchone()[0]
            copy.close()
        else:
            existing = _existing_tables(engine)
            with _snapshot(engine) as conn:
                for table in tables:
                    headers = [c.name for c in table.columns]
                    rows = _rows(conn, table) if table.name in existing else iter(())
                    counts[table.name] = write_csv(headers, rows, folder / f"{table.name}.csv",
                                                   neutralise=False)
        (folder / README).write_text(readme_text(tables, counts, where, made_at, fmt),
                                     encoding="utf-8")
    finally:
        if owned:
            engine.dispose()
    return counts


def _existing_tables(engine: Engine) -> set[str]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def snapshot_sqlite(url: str, path: Path) -> Path:
    """A consistent copy of the SQLite cache at `url` in one file at `path`, made with SQLite's
    online backup API while the console may be writing; returns `path`."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise ExportError(f"not a SQLite cache: {parsed.render_as_string(hide_password=True)}")
    database = parsed.database or ""
    if not database or database == ":memory:" or not Path(database).is_file():
        raise ExportError(f"no cache at {url}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part")
    part.unlink(missing_ok=True)
    source = sqlite3.connect(database, timeout=10)
    try:
        target = sqlite3.connect(part)
        try:
            source.backup(target)
            # One self-contained file: no -wal/-shm companions next to the copy.
            target.execute("PRAGMA journal_mode=DELETE")
            target.commit()
        finally:
            target.close()
        part.replace(path)
    finally:
        source.close()
        with suppress(OSError):
            part.unlink(missing_ok=True)
    return path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="gemba-export",
        description="Export the Gemba cache, read-only, for Power BI, Tableau and the like.")
    parser.add_argument("--cache", default=None, metavar="URL",
                        help="the cache's SQLAlchemy URL (default: the console's cache, "
                             f"{default_cache_url()})")
    parser.add_argument("--to", required=True, type=Path, metavar="FOLDER",
                        help="the folder to write (created if missing)")
    parser.add_argument("--format", choices=FORMATS, default="csv",
                        help="csv: one file per table (default); sqlite: a copy of the file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        counts = export_cache(args.cache, args.to, args.format)
    except (ExportError, OSError, sqlite3.Error) as error:
        print(f"gemba-export: {error}", file=sys.stderr)
        return 1
    rows = sum(counts.values())
    print(f"{len(counts)} tables, {rows} rows -> {args.to}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
