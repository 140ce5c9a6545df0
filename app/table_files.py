"""Tables written to CSV and XLSX files: result rows (dataclasses) for recall lists and the like,
any table as headers plus rows (what a view shows), and the cache's tables (`gemba-export`).
Plain file writing, no analytics and no cache: every layer may use it.

CSV: a header line, dates ISO 8601, UTF-8 with a BOM so Excel opens zh_TW names.
XLSX: real number and date cells (UTC, Excel has no time zones), bold frozen header.
Values come from backends (customer names...): text that looks like a formula is never
written as one (CSV: prefixed with an apostrophe; XLSX: stored as a text cell).
A file is written next to its final name and moved there once complete, so a failed export
never leaves half a file behind.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl costs a quarter second at start; imported when a sheet is made
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_CHARS = frozenset("0123456789 +-().")
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_DATE_FORMAT = "yyyy-mm-dd"
_MAX_WIDTH = 60
SUFFIXES = (".csv", ".xlsx")


def _names(rows: Sequence[Any], row_type: type | None) -> list[str]:
    source = row_type if row_type is not None else (rows[0] if rows else None)
    if source is None:
        return []
    if not is_dataclass(source):
        raise TypeError(f"rows must be dataclasses, not {type(source).__name__}")
    return [f.name for f in fields(source)]


def _looks_like_formula(value: str) -> bool:
    # Spreadsheet formula injection; phone numbers ("+886 2 2345 6789") stay as they are.
    return value.startswith(_FORMULA_START) and not set(value) <= _PHONE_CHARS


def csv_text(value: Any, *, neutralise: bool = True) -> str:
    """One CSV field: ISO 8601 dates, true/false, formula-looking text behind an apostrophe
    (unless `neutralise` is off: data for BI tools, which never evaluate formulas)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if neutralise and _looks_like_formula(value):
            return "'" + value
        return value
    return str(value)


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary name next to `path`, moved onto `path` when the block ends without error."""
    path = Path(path)
    part = path.with_name(f".{path.name}.part")
    try:
        yield part
        os.replace(part, path)
    finally:
        with suppress(OSError):
            part.unlink(missing_ok=True)


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]], path: Path, *,
              neutralise: bool = True) -> int:
    """`headers` then `rows` to `path` as UTF-8 (BOM) CSV; returns the number of rows."""
    count = 0
    with _replacing(path) as part, part.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        if headers:
            writer.writerow([csv_text(h, neutralise=neutralise) for h in headers])
        for row in rows:
            writer.writerow([csv_text(v, neutralise=neutralise) for v in row])
            count += 1
    return count


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # Excel cells have no time zone: write UTC (the header says which fields are times).
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, str) and not value:
        return None  # an empty cell, not an empty text
    if isinstance(value, bool | int | float | Decimal | date) or value is None:
        return value  # openpyxl writes Decimal as a number cell, digits as given
    return str(value)  # enums, ids...: their text


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    if isinstance(value, str):
        # East Asian characters take about two columns each.
        return len(value) + sum(1 for ch in value if ord(ch) >= 0x2E80)
    return len(str(value)) if value is not None else 0


def _cell(ws: Any, value: Any, font: Font | None = None) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell

    value = _cell_value(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take "=..." for a formula
    elif isinstance(value, datetime):
        cell.number_format = _DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = _DATE_FORMAT
    if font is not None:
        cell.font = font
    return cell


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], path: Path,
               sheet: str = "Export") -> int:
    """`headers` then `rows` to a one-sheet workbook at `path`; returns the number of rows.

    Streams the sheet (openpyxl's write-only mode): a hundred thousand rows fit in memory."""
    rows = rows if isinstance(rows, list) else list(rows)  # column widths come first
    widths = [_width(h) for h in headers]
    for row in rows:
        for column, value in enumerate(row[:len(widths)]):
            width = _width(value)
            if width > widths[column]:
                widths[column] = width
    with _replacing(path) as part, part.open("wb") as file:
        # The file first: an unwritable place fails before the streaming sheet starts.
        _xlsx(headers, rows, widths, sheet).save(file)
    return len(rows)


def _xlsx(headers: Sequence[str], rows: list[Sequence[Any]], widths: list[int],
          sheet: str) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])  # Excel's limit on sheet names
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
        bold = Font(bold=True)
        ws.append([_cell(ws, h, bold) for h in headers])
    for row in rows:
        ws.append([_cell(ws, value) for value in row])
    return book


def export_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], path: Path, *,
                 sheet: str = "Export") -> int:
    """Write a table to `path`, CSV or XLSX by its suffix; returns the number of rows."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return write_csv(headers, rows, path)
    if suffix == ".xlsx":
        return write_xlsx(headers, rows, path, sheet)
    raise ValueError(f"cannot export to {suffix or 'a file without a suffix'}: "
                     f"use {' or '.join(SUFFIXES)}")


def _dataclass_table(rows: Sequence[Any],
                     row_type: type | None) -> tuple[list[str], Iterator[list[Any]]]:
    names = _names(rows, row_type)
    return names, ([getattr(row, name) for name in names] for row in rows)


def export_csv(rows: Sequence[Any], path: Path, *, row_type: type | None = None) -> None:
    """Write dataclass `rows` to `path`; `row_type` names the columns when `rows` may be
    empty."""
    write_csv(*_dataclass_table(rows, row_type), path)


def export_xlsx(rows: Sequence[Any], path: Path, sheet: str = "Recall", *,
                row_type: type | None = None) -> None:
    """Write dataclass `rows` to a one-sheet workbook at `path`."""
    write_xlsx(*_dataclass_table(rows, row_type), path, sheet)
