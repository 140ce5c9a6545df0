"""Release to production and progress back to the CRM: a released work order's parameters,
the plant's option mapping, and the progress last written back per order line.

Revision ID: 0011_release
Revises: 0011_quotes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.cache.types

revision: str = "0011_release"
down_revision: str | None = "0011_quotes"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parameters", app.cache.types.JsonDocument(),
                                      nullable=False, server_default="{}"))
    op.create_table(
        "option_mappings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("option", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("setting", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_option_mappings")),
    )
    op.create_table(
        "progress_writes",
        sa.Column("crm_source", sa.String(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("written", app.cache.types.JsonDocument(), nullable=False),
        sa.Column("written_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("crm_source", "order_id", "line_no",
                                name=op.f("pk_progress_writes")),
    )


def downgrade() -> None:
    op.drop_table("progress_writes")
    op.drop_table("option_mappings")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_column("parameters")
