"""Exports of result rows (dataclasses) to CSV and XLSX, for recall lists and the like.

CSV: header = field names, dates ISO 8601, UTF-8 with a BOM so Excel opens zh_TW names.
XLSX: real number and date cells (UTC, Excel has no time zones), bold frozen header.
Values come from backends (customer names...): text that looks like a formula is never
written as one (CSV: prefixed with an apostrophe; XLSX: stored as a text cell).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_CHARS = frozenset("0123456789 +-().")
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_DATE_FORMAT = "yyyy-mm-dd"


def _names(rows: Sequence[Any], row_type: type | None) -> list[str]:
    source = row_type if row_type is not None else (rows[0] if rows else None)
    if source is None:
        return []
    if not is_dataclass(source):
        raise TypeError(f"rows must be dataclasses, not {type(source).__name__}")
    return [f.name for f in fields(source)]


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # Spreadsheet formula injection; phone numbers ("+886 2 2345 6789") stay as they are.
        if value.startswith(_FORMULA_START) and not set(value) <= _PHONE_CHARS:
            return "'" + value
        return value
    return str(value)


def export_csv(rows: Sequence[Any], path: Path, *, row_type: type | None = None) -> None:
    """Write `rows` to `path`; `row_type` names the columns when `rows` may be empty."""
    names = _names(rows, row_type)
    with Path(path).open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        if names:
            writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_text(getattr(row, name)) for name in names])


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # Excel cells have no time zone: write UTC (the header says which fields are times).
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, Decimal):
        return value  # openpyxl writes Decimal as a number cell, digits as given
    return value


def export_xlsx(rows: Sequence[Any], path: Path, sheet: str = "Recall", *,
                row_type: type | None = None) -> None:
    """Write `rows` to a one-sheet workbook at `path`."""
    names = _names(rows, row_type)
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = sheet[:31]  # Excel's limit on sheet names
    bold = Font(bold=True)
    widths = [len(name) for name in names]
    for column, name in enumerate(names, start=1):
        ws.cell(row=1, column=column, value=name).font = bold
    for row_no, row in enumerate(rows, start=2):
        for column, name in enumerate(names, start=1):
            value = getattr(row, name)
            cell = ws.cell(row=row_no, column=column, value=_cell_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would take "=..." for a formula
                widths[column - 1] = max(widths[column - 1], len(value))
            elif isinstance(value, datetime):
                cell.number_format = _DATETIME_FORMAT
                widths[column - 1] = max(widths[column - 1], 19)
            elif isinstance(value, date):
                cell.number_format = _DATE_FORMAT
                widths[column - 1] = max(widths[column - 1], 10)
    for column, width in enumerate(widths, start=1):
        letter = ws.cell(row=1, column=column).column_letter
        ws.column_dimensions[letter].width = min(width + 2, 60)
    ws.freeze_panes = "A2"
    if names:
        ws.auto_filter.ref = ws.dimensions
    book.save(Path(path))
