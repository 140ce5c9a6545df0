"""The whole cache schema: one `metadata` holding every table.

Records a backend owns are keyed by (source, id) and carry their `version`; lists inside a record
live in child tables keyed by the parent's key plus their own (order lines by line_no, ...).
Quantities are exact decimals next to their unit; times are aware UTC (see app.cache.types).
"""

from __future__ import annotations

from app.cache import schema_audit as audit
from app.cache import schema_crm as crm
from app.cache import schema_local as local
from app.cache import schema_mes as mes
from app.cache.schema_common import metadata

__all__ = ["audit", "crm", "local", "mes", "metadata"]
