"""The metadata every cache table belongs to, and the column patterns they share."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.schema import SchemaItem

from app.cache.types import ExactDecimal, JsonDocument, PlainDate, UtcDateTime

# Named constraints, so that later migrations (batch mode on SQLite) can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def text(name: str, *, nullable: bool = False) -> Column:
    return Column(name, String, nullable=nullable)


# Versions derived from modification times (epoch milliseconds) need 64 bits; SQLite's INTEGER
# has them already.
VERSION_TYPE = BigInteger().with_variant(Integer, "sqlite")


def integer(name: str, *, nullable: bool = False) -> Column:
    return Column(name, Integer, nullable=nullable)


def flag(name: str) -> Column:
    return Column(name, Boolean, nullable=False)


def decimal(name: str, *, nullable: bool = False) -> Column:
    return Column(name, ExactDecimal, nullable=nullable)


def moment(name: str, *, nullable: bool = False) -> Column:
    return Column(name, UtcDateTime, nullable=nullable)


def day(name: str, *, nullable: bool = False) -> Column:
    return Column(name, PlainDate, nullable=nullable)


def document(name: str) -> Column:
    return Column(name, JsonDocument, nullable=False)


def record_table(name: str, *items: SchemaItem) -> Table:
    """A table of records one backend owns: keyed by (source, id), with the record's version."""
    return Table(
        name,
        metadata,
        Column("source", String, primary_key=True),
        Column("id", String, primary_key=True),
        Column("version", VERSION_TYPE, nullable=False),
        *items,
    )


def child_table(
    name: str, parent: Table, parent_key: list[Column], own_key: list[Column], *items: SchemaItem
) -> Table:
    """Rows of a list inside a record; they go when their parent goes (ON DELETE CASCADE).

    The key is (source, *parent_key, *own_key): the parent's key columns come first, so the
    primary key index also serves the foreign key and "all children of these parents".
    """
    referred = [c.name for c in parent.primary_key.columns]
    return Table(
        name,
        metadata,
        Column("source", String, primary_key=True),
        *parent_key,
        *own_key,
        *items,
        ForeignKeyConstraint(
            ["source", *(column.name for column in parent_key)],
            [f"{parent.name}.{column}" for column in referred],
            ondelete="CASCADE",
        ),
    )


def key_part(name: str, *, number: bool = False) -> Column:
    """One column of a child's primary key."""
    return Column(name, Integer if number else String, primary_key=True)


def source_index(*columns: str) -> Index:
    """Lookups by a reference field within one source, e.g. orders of a customer."""
    return Index(None, "source", *columns)


def position() -> Column:
    """Where a child sat in its list, so reads rebuild the list in the order it came."""
    return Column("position", Integer, nullable=False)
