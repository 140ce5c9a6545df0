"""Indexes for the Traceability view's search: lower(column) per searched key within a source,
so that a case-insensitive prefix is an index range instead of a scan of every lot. On
PostgreSQL the key is in COLLATE "C" (code point order), where a prefix is a range whatever
the database's locale; SQLite's default collation is code point order already.

Revision ID: 0008_search_indexes
Revises: 0007_bigint_versions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008_search_indexes"
down_revision: str | None = "0007_bigint_versions"
branch_labels: str | None = None
depends_on: str | None = None

INDEXES = (
    ("lots", "id"), ("lots", "number"), ("lots", "supplier_lot"), ("lots", "work_order_id"),
    ("serials", "id"), ("work_orders", "id"), ("work_orders", "number"),
    ("sales_orders", "id"), ("sales_orders", "number"),
)


def _name(table: str, column: str) -> str:
    return f"ix_{table}_source_folded_{column}"


def upgrade() -> None:
    dialect = op.get_bind().dialect
    collate = ' COLLATE "C"' if dialect.name == "postgresql" else ""
    for table, column in INDEXES:
        key = sa.text(f"lower({dialect.identifier_preparer.quote(column)}{collate})")
        op.create_index(_name(table, column), table, ["source", key])


def downgrade() -> None:
    for table, column in reversed(INDEXES):
        op.drop_index(_name(table, column), table_name=table)
