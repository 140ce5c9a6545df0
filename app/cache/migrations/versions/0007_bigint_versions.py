"""Record versions as 64-bit integers.

Backends without a version counter give one derived from their modification time (Salesforce's
SystemModstamp and Tryton's write_date in epoch milliseconds, Dataverse's row version), which
does not fit PostgreSQL's 32-bit integer. SQLite's INTEGER is 64-bit already.

Revision ID: 0007_bigint_versions
Revises: 0006_audit_log
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007_bigint_versions"
down_revision: str | None = "0006_audit_log"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = ("version", "record_version")


def _version_columns() -> list[tuple[str, str]]:
    inspector = sa.inspect(op.get_bind())
    return [(table, column["name"]) for table in inspector.get_table_names()
            for column in inspector.get_columns(table)
            if column["name"] in COLUMNS and isinstance(column["type"], sa.Integer)
            and not isinstance(column["type"], sa.BigInteger)]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _version_columns():
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    inspector = sa.inspect(op.get_bind())
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if column["name"] in COLUMNS:
                op.alter_column(table, column["name"], type_=sa.Integer(),
                                existing_type=sa.BigInteger())
