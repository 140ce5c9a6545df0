"""The CSV and XLSX writers, kept importable from here for the views and tests that use them.

They live in `app.table_files` so the cache's `gemba-export` can use them without importing
analytics.
"""

from app.table_files import (
    SUFFIXES,
    csv_text,
    export_csv,
    export_table,
    export_xlsx,
    write_csv,
    write_xlsx,
)

__all__ = [
    "SUFFIXES", "csv_text", "export_csv", "export_table", "export_xlsx", "write_csv", "write_xlsx",
]
