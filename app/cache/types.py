"""Column types that behave the same on SQLite and PostgreSQL.

SQLite has no time zones, no exact decimals and no JSON type; these decorators store UTC text,
decimal text and JSON text there, and use timestamptz, NUMERIC and JSONB on PostgreSQL, so the
rest of the cache never needs to know which database it talks to.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Dialect, Numeric, Text
from sqlalchemy.types import TypeDecorator, TypeEngine


def _utc_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not UTC:  # the common case needs no conversion
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: the cache stores aware UTC times only")
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes, stored as UTC, always read back as aware UTC.

    On SQLite the value is fixed-width ISO text ("2026-03-02 08:00:00.000000"), so text order is
    time order and comparisons in SQL work. Naive datetimes are refused: a naive time is a bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True
    sqlite_encode = staticmethod(_utc_text)  # for non-None values

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return _utc_text(value)
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: the cache stores aware UTC times only")
        return value.astimezone(UTC)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        # Bulk ingest calls this once per value: skip the decorator's wrapper on SQLite.
        if dialect.name == "sqlite":
            return _utc_text
        return super().bind_processor(dialect)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        if value.tzinfo is None:  # a timestamp column without zone: we wrote it as UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _decimal_text(value: Decimal | int | None) -> str | None:
    return None if value is None else str(value)


def _date_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


class ExactDecimal(TypeDecorator[Decimal]):
    """Exact decimals: NUMERIC on PostgreSQL, decimal text on SQLite.

    SQLite would turn NUMERIC into a float; text keeps every digit. SQL arithmetic (SUM) still
    works there, but ordering or comparing in SQL is textual: compare in Python or CAST.
    """

    impl = Numeric(asdecimal=True)
    cache_ok = True
    sqlite_encode = staticmethod(str)  # for non-None values

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Decimal | int | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return str(value)
        return value

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return _decimal_text
        return super().bind_processor(dialect)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, Decimal):
            return value
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


class PlainDate(TypeDecorator[date]):
    """Dates people promise: DATE on PostgreSQL, ISO text on SQLite (as SQLAlchemy's own Date
    stores it there, but with the C-speed isoformat)."""

    impl = Date()
    cache_ok = True
    sqlite_encode = staticmethod(date.isoformat)  # for non-None values

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(Date())

    def process_bind_param(self, value: date | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return value.isoformat()

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return _date_text
        return super().bind_processor(dialect)

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if isinstance(value, str):
            return date.fromisoformat(value)
        return value


_encode_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    # Most documents (line options, signals) are empty: skip the encoder for those.
    if not value:
        if isinstance(value, dict):
            return "{}"
        if isinstance(value, list):
            return "[]"
    return _encode_json(value)


class JsonDocument(TypeDecorator[Any]):
    """JSON values (dicts, lists): JSONB on PostgreSQL, compact JSON text on SQLite."""

    impl = JSON()
    cache_ok = True
    sqlite_encode = staticmethod(_json_text)  # for non-None values

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB  # not paid for on SQLite

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return _json_text(value)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return _json_text
        return super().bind_processor(dialect)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, str):
            return json.loads(value)
        return value
