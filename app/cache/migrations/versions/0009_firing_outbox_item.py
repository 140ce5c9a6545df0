"""A rule firing names the outbox item its action went out as (rule_firings.outbox_id), so the
event log reads the action's state from the outbox instead of a copy that never follows it.

Revision ID: 0009_firing_outbox_item
Revises: 0008_search_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009_firing_outbox_item"
down_revision: str | None = "0008_search_indexes"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Nullable, no default: firings stored before keep showing their own state.
    op.add_column("rule_firings", sa.Column("outbox_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rule_firings") as batch:  # SQLite rebuilds the table
        batch.drop_column("outbox_id")
