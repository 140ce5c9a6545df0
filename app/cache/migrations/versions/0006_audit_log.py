"""The audit log of write-backs, hash-chained and append-only.

Revision ID: 0006_audit_log
Revises: 0005_automation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.cache.types

revision: str = "0006_audit_log"
down_revision: str | None = "0005_automation"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("payload_hash", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("entry_hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Append-only for everyone but the owner; the roles of a shared cache get INSERT and
        # SELECT only (granted with the roles).
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC")


def downgrade() -> None:
    op.drop_table("audit_log")
