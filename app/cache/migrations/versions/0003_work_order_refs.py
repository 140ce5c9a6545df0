"""Work orders carry references to the customer order (order number, line, customer PO), for
MES backends that give no fulfilment links: the plant's linking rules match on them.

Revision ID: 0003_work_order_refs
Revises: 0002_window_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003_work_order_refs"
down_revision: str | None = "0002_window_indexes"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sales_order_ref", sa.String(), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("sales_line_ref", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("customer_po", sa.String(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_column("customer_po")
        batch_op.drop_column("sales_line_ref")
        batch_op.drop_column("sales_order_ref")
