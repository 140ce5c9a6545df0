"""Tables (headers + rows) to CSV and XLSX, and from a Qt model with typed export values."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from app.analytics.exports import export_table
from widgets.common.table_export import EXPORT_ROLE, TableData, export_model, table_data

HEADERS = ["Customer", "Promised", "Quantity", "Shipped at", "Lines"]
ROWS = [
    ['=HYPERLINK("http://evil","x")', date(2026, 3, 14), Decimal("12.5"),
     datetime(2026, 3, 2, 16, 30, tzinfo=UTC), 3],
    ["台灣積體電路製造", date(2026, 3, 20), Decimal(1200), None, 0],
    ["+886 2 2345 6789", None, 1.25, "", 1],
]


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_csv_header_typed_text_and_cjk(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    assert export_table(HEADERS, ROWS, path) == 3
    assert path.read_bytes().startswith(b"\xef\xbb\xbfCustomer,")
    lines = _csv(path)
    assert lines[0] == HEADERS
    assert lines[1] == ["'=HYPERLINK(\"http://evil\",\"x\")", "2026-03-14", "12.5",
                        "2026-03-02T16:30:00+00:00", "3"]
    assert lines[2] == ["台灣積體電路製造", "2026-03-20", "1200", "", "0"]
    assert lines[3][0] == "+886 2 2345 6789"  # a phone number is not a formula


def test_xlsx_real_cells_and_formula_text(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    assert export_table(HEADERS, ROWS, path, sheet="Orders") == 3
    ws = load_workbook(path)["Orders"]
    assert [c.value for c in ws[1]] == HEADERS and ws["A1"].font.bold
    assert ws.freeze_panes == "A2"
    assert ws["A2"].data_type == "s" and ws["A2"].value == ROWS[0][0]
    assert ws["B2"].is_date and ws["B2"].value.date() == date(2026, 3, 14)
    assert ws["C2"].data_type == "n" and ws["C2"].value == 12.5
    assert ws["D2"].is_date and ws["D2"].value == datetime(2026, 3, 2, 16, 30)  # UTC
    assert ws["E2"].value == 3
    assert ws["A3"].value == "台灣積體電路製造" and ws["C3"].value == 1200
    assert ws["B4"].value is None and ws["D4"].value is None


def test_unknown_suffix_and_unwritable_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_table(HEADERS, ROWS, tmp_path / "t.txt")
    with pytest.raises(OSError):
        export_table(HEADERS, ROWS, tmp_path / "missing" / "t.csv")
    assert not list(tmp_path.iterdir())  # nothing half-written left behind


def _model() -> QStandardItemModel:
    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["Order", "Due", "Customer"])
    for number, due, customer in (("SO-2", date(2026, 3, 9), "=1+1"),
                                  ("SO-1", date(2026, 3, 1), "台積電"),
                                  ("SO-3", None, "Acme")):
        cells = [QStandardItem(number), QStandardItem(due.isoformat() if due else "—"),
                 QStandardItem(customer)]
        if due is not None:
            cells[1].setData(due, EXPORT_ROLE)
        model.appendRow(cells)
    return model


def test_model_export_takes_the_proxy_order_and_typed_values(qapp, tmp_path: Path) -> None:
    model = _model()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(0)
    proxy.setFilterRegularExpression("SO-[12]")
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    data = table_data(proxy)
    assert data.headers == ["Order", "Due", "Customer"]
    assert data.rows == [["SO-1", date(2026, 3, 1), "台積電"], ["SO-2", date(2026, 3, 9), "=1+1"]]
    assert export_model(proxy, tmp_path / "m.xlsx") == 2
    ws = load_workbook(tmp_path / "m.xlsx").active
    assert ws["B2"].is_date and ws["C3"].data_type == "s" and ws["C3"].value == "=1+1"
    assert export_model(TableData(["A"], [["x"]]), tmp_path / "d.csv") == 1
    # No typed value: the text shown.
    assert table_data(model).rows[2] == ["SO-3", "—", "Acme"]
