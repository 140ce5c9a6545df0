"""Stock levels per item and location, and expected receipts (purchase order lines): the
"mes.stock" and "mes.receipts" feeds.

Revision ID: 0004_stock_and_receipts
Revises: 0003_work_order_refs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.cache.types

revision: str = "0004_stock_and_receipts"
down_revision: str | None = "0003_work_order_refs"
branch_labels: str | None = None
depends_on: str | None = None


def _key() -> list[sa.Column]:
    return [sa.Column("source", sa.String(), nullable=False),
            sa.Column("id", sa.String(), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "stock_levels",
        *_key(),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("on_hand", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("reserved", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("safety_stock", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("counted_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_stock_levels")),
    )
    with op.batch_alter_table("stock_levels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_levels_source_item_id"),
                              ["source", "item_id"], unique=False)

    op.create_table(
        "expected_receipts",
        *_key(),
        sa.Column("purchase_order", sa.String(), nullable=False),
        sa.Column("supplier", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("expected_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_expected_receipts")),
    )
    with op.batch_alter_table("expected_receipts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expected_receipts_source_item_id"),
                              ["source", "item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("expected_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expected_receipts_source_item_id"))
    op.drop_table("expected_receipts")
    with op.batch_alter_table("stock_levels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_levels_source_item_id"))
    op.drop_table("stock_levels")
