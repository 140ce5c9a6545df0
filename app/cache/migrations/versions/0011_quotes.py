"""Quotes: what the backend answered to a delivered action (e.g. the order a quote created),
for the outbox's "done today" list and for the capacity a quote holds.

Revision ID: 0011_quotes
Revises: 0010_alarm_journal
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.cache.types

revision: str = "0011_quotes"
down_revision: str | None = "0010_alarm_journal"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer", app.cache.types.JsonDocument(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("answer")
