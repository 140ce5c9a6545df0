"""The alarm journal: what people did with alarms (acknowledged, shelved, assigned, commented).

Revision ID: 0010_alarm_journal
Revises: 0009_firing_outbox_item
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.cache.types

revision: str = "0010_alarm_journal"
down_revision: str | None = "0009_firing_outbox_item"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "alarm_journal",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alarm_key", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("made_by", sa.String(), nullable=False),
        sa.Column("made_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("detail", app.cache.types.JsonDocument(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_journal")),
    )
    with op.batch_alter_table("alarm_journal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alarm_journal_alarm_key"), ["alarm_key"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alarm_journal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alarm_journal_alarm_key"))
    op.drop_table("alarm_journal")
