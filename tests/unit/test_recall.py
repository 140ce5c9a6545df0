"""Recall scope over a hand-built CRM, and its CSV and XLSX exports read back."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import domain as d
from app.analytics.exports import export_csv, export_xlsx
from app.analytics.recall import RecallRow
from app.cache.store import CacheStore
from app.runtime.lineage import load_genealogy
from app.runtime.recall_scope import recall_scope
from tests.unit.trace_fixtures import CRM, MES, T0, fill_genealogy, lot_id


def _shipment(shipment_id: str, order_id: str, customer_id: str, hours: int,
              lots: list[tuple[str, int]]) -> d.Shipment:
    return d.Shipment(
        id=shipment_id, order_id=order_id, line_no=1, customer_id=customer_id,
        quantity=Decimal(sum(q for _, q in lots)), unit="pcs",
        shipped_at=T0 + timedelta(hours=hours),
        lots=[d.ShipmentLot(lot_id=lot_id(name), quantity=Decimal(q)) for name, q in lots])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path}/c.sqlite3")
    fill_genealogy(opened)
    opened.upsert(CRM, "crm.customers", [
        d.Customer(id="c-a", name="Zeta Motors", number="C-1", key_account=True),
        d.Customer(id="c-b", name="Alpha Pumps", number="C-2"),
        d.Customer(id="c-c", name="台灣精密機械", number="C-3", language="zh_TW"),
    ])
    opened.upsert(CRM, "crm.contacts", [
        d.Contact(id="p-2", customer_id="c-a", name="Lin Mei-hua", email="lin@zeta.example",
                  phone="+886 2 2345 6789"),
        d.Contact(id="p-1", customer_id="c-a", name="Chen Wei", email="chen@zeta.example"),
        d.Contact(id="p-3", customer_id="c-c", name="王小明", email="wang@tw.example",
                  phone="03-555-0101", language="zh_TW"),
    ])  # c-b has no contact
    opened.upsert(CRM, "crm.orders", [
        d.SalesOrder(id=f"o-{n}", number=f"SO-10{n}", customer_id=c,
                     status=d.OrderStatus.SHIPPED, created_at=T0)
        for n, c in ((1, "c-a"), (2, "c-b"), (3, "c-c"), (4, "c-a"))])
    opened.upsert(CRM, "crm.shipments", [
        _shipment("sh-1", "o-1", "c-a", 10, [("F2", 5)]),
        _shipment("sh-2", "o-2", "c-b", 11, [("F1", 12), ("Z9", 3)]),  # Z9 is not in scope
        _shipment("sh-3", "o-3", "c-c", 12, [("W3", 4)]),
        _shipment("sh-4", "o-4", "c-a", 9, [("F1", 6), ("F2", 7)]),
        _shipment("sh-5", "o-2", "c-b", 13, [("Z9", 1)]),  # nothing in scope
        _shipment("sh-6", "o-9", "c-x", 14, [("R1", 2)]),  # order, customer not synced yet
    ])
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def rows(store: CacheStore) -> list[RecallRow]:
    return recall_scope(store, MES, CRM, lot_id("R1"))


def test_rows_cover_exactly_the_shipped_lots_of_the_forward_trace(
        store: CacheStore, rows: list[RecallRow]) -> None:
    traced = set(load_genealogy(store, MES).forward(lot_id("R1")).lot_ids())
    shipped = {(s.id, x.lot_id) for s in store.all(CRM, "crm.shipments") for x in s.lots
               if x.lot_id in traced}
    assert {(r.shipment_id, r.lot_id) for r in rows} == shipped
    assert len(shipped) == 6


def test_rows_are_ordered_and_carry_order_customer_and_each_contact(
        rows: list[RecallRow]) -> None:
    got = [(r.customer_name, r.order_number, r.shipment_id, r.lot_number, r.quantity,
            r.contact_name) for r in rows]
    assert got == [
        # key account first, one row per contact
        ("Zeta Motors", "SO-101", "sh-1", "L-F2", 5, "Chen Wei"),
        ("Zeta Motors", "SO-101", "sh-1", "L-F2", 5, "Lin Mei-hua"),
        ("Zeta Motors", "SO-104", "sh-4", "L-F1", 6, "Chen Wei"),
        ("Zeta Motors", "SO-104", "sh-4", "L-F1", 6, "Lin Mei-hua"),
        ("Zeta Motors", "SO-104", "sh-4", "L-F2", 7, "Chen Wei"),
        ("Zeta Motors", "SO-104", "sh-4", "L-F2", 7, "Lin Mei-hua"),
        # a shipment whose order and customer are not synced yet is kept, not dropped
        ("", "", "sh-6", "L-R1", 2, ""),
        ("Alpha Pumps", "SO-102", "sh-2", "L-F1", 12, ""),  # no contacts: one row
        ("台灣精密機械", "SO-103", "sh-3", "L-W3", 4, "王小明"),
    ]
    first = rows[0]
    assert (first.key_account, first.customer_id, first.order_id, first.product_id,
            first.unit, first.shipped_at, first.contact_email) == (
        True, "c-a", "o-1", "P-F", "pcs", T0 + timedelta(hours=10), "chen@zeta.example")
    assert rows[6].customer_id == "c-x" and not rows[6].key_account


def test_a_lot_shipped_nowhere_has_no_rows(store: CacheStore) -> None:
    assert recall_scope(store, MES, CRM, lot_id("X2")) == []


def _parse(field_type: str, text: str) -> object:
    if "datetime" in field_type:
        return datetime.fromisoformat(text)
    if "Decimal" in field_type:
        return Decimal(text)
    if field_type == "bool":
        return text == "true"
    return text


def test_csv_reads_back_equal_with_bom(rows: list[RecallRow], tmp_path: Path) -> None:
    path = tmp_path / "recall.csv"
    export_csv(rows, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbflot_id,")
    with path.open(encoding="utf-8-sig", newline="") as file:
        read = list(csv.reader(file))
    names = [f.name for f in fields(RecallRow)]
    assert read[0] == names
    types = {f.name: str(f.type) for f in fields(RecallRow)}
    back = [RecallRow(**{n: _parse(types[n], v) for n, v in zip(names, line, strict=True)})
            for line in read[1:]]
    assert back == rows


def test_xlsx_reads_back_equal_with_real_dates(rows: list[RecallRow], tmp_path: Path) -> None:
    path = tmp_path / "recall.xlsx"
    export_xlsx(rows, path)
    sheet = load_workbook(path)["Recall"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == [f.name for f in fields(RecallRow)]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["E2"].is_date
    back = []
    for line in values[1:]:
        row = dict(zip(values[0], line, strict=True))
        row["shipped_at"] = row["shipped_at"].replace(tzinfo=UTC)
        row["quantity"] = Decimal(str(row["quantity"]))
        back.append(RecallRow(**{k: "" if v is None else v for k, v in row.items()}))
    assert back == rows


@dataclass(frozen=True)
class _Note:
    text: str
    at: datetime


def test_exports_never_write_formulas(tmp_path: Path) -> None:
    rows = [_Note('=HYPERLINK("http://x","y")', T0), _Note("+886 2 1234", T0)]
    export_csv(rows, tmp_path / "n.csv")
    lines = (tmp_path / "n.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK") and lines[2].startswith("+886 2 1234,")
    export_xlsx(rows, tmp_path / "n.xlsx", sheet="Notes")
    sheet = load_workbook(tmp_path / "n.xlsx")["Notes"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == rows[0].text


def test_empty_exports_keep_the_header(tmp_path: Path) -> None:
    export_csv([], tmp_path / "e.csv", row_type=RecallRow)
    assert (tmp_path / "e.csv").read_text(encoding="utf-8-sig").startswith("lot_id,")
    export_xlsx([], tmp_path / "e.xlsx", row_type=RecallRow)
    assert load_workbook(tmp_path / "e.xlsx")["Recall"]["A1"].value == "lot_id"
