"""Indexes for the analytics' time-window reads: history by machine and end, defects by product
and by machine.

Revision ID: 0002_window_indexes
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

revision: str = "0002_window_indexes"
down_revision: str | None = "0001_initial"
branch_labels: str | None = None
depends_on: str | None = None

INDEXES = (
    ("machine_events", ("source", "machine_id", "end")),
    ("production_counts", ("source", "machine_id", "end")),
    ("downtime", ("source", "machine_id", "end")),
    ("defects", ("source", "product_id")),
    ("defects", ("source", "machine_id")),
)


def _name(table: str, columns: tuple[str, ...]) -> str:
    return f"ix_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(_name(table, columns)), list(columns), unique=False)


def downgrade() -> None:
    for table, columns in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(_name(table, columns)))
