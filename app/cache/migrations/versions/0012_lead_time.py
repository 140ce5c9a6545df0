"""A bought item's purchasing lead time, for material that no stock or receipt covers.

Revision ID: 0012_lead_time
Revises: 0011_release
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.cache.types

revision: str = "0012_lead_time"
down_revision: str | None = "0011_release"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lead_time_days", app.cache.types.ExactDecimal(),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("lead_time_days")
