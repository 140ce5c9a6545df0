"""The customer progress report: built from a hand-made order in the cache, written as PDF
and read back with pypdf."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.analytics.schedule.plan import Plan
from app.cache.store import CacheStore
from app.domain import (
    Characteristic,
    Customer,
    FulfilmentLink,
    Measurement,
    Operation,
    OperationStatus,
    OrderLine,
    OrderStatus,
    SalesOrder,
    Shipment,
    ShipmentLot,
    WorkOrder,
    WorkOrderStatus,
)
from app.reports.progress_report import (
    BASIS_SHIPPED,
    EXPECTED_COMPLETE,
    QUALITY_NO_MEASUREMENTS,
    read_progress_report,
)

TAIPEI = ZoneInfo("Asia/Taipei")
T0 = datetime(2026, 2, 2, 1, 0, tzinfo=UTC)


def _line(n: int, product: str, quantity: int, promised: date) -> OrderLine:
    return OrderLine(line_no=n, product_id=product, quantity=Decimal(quantity), unit="pcs",
                     requested_date=promised, promised_date=promised)


def _ops(statuses: list[OperationStatus]) -> list[Operation]:
    return [Operation(sequence=10 * (i + 1), work_center_id=f"WC-{i + 1}", status=s)
            for i, s in enumerate(statuses)]


@pytest.fixture
def store(tmp_path):
    opened = CacheStore.open(f"sqlite:///{tmp_path}/c.sqlite3")
    opened.upsert("crm", "crm.customers", [
        Customer(id="C1", name="台灣精密工業", number="C-001", language="en")])
    opened.upsert("crm", "crm.orders", [SalesOrder(
        id="O1", number="SO-1042", customer_id="C1", status=OrderStatus.IN_PRODUCTION,
        customer_po="PO-7781", created_at=T0,
        lines=[_line(1, "P-100", 500, date(2026, 3, 5)), _line(2, "P-200", 40,
                                                               date(2026, 3, 20))])])
    opened.upsert("mes", "mes.work_orders", [
        WorkOrder(id="W1", number="WO-501", product_id="P-100", quantity=Decimal(500),
                  unit="pcs", good=Decimal(320), status=WorkOrderStatus.RUNNING,
                  operations=_ops([OperationStatus.DONE, OperationStatus.RUNNING,
                                   OperationStatus.PENDING]),
                  links=[FulfilmentLink(order_id="O1", line_no=1, work_order_id="W1",
                                        quantity=Decimal(500), unit="pcs")],
                  output_lot_id="L-1"),
        WorkOrder(id="W2", number="WO-502", product_id="P-200", quantity=Decimal(40),
                  unit="pcs", good=Decimal(40), status=WorkOrderStatus.COMPLETED,
                  operations=_ops([OperationStatus.DONE, OperationStatus.DONE]),
                  links=[FulfilmentLink(order_id="O1", line_no=2, work_order_id="W2",
                                        quantity=Decimal(40), unit="pcs")],
                  output_lot_id="L-2")])
    opened.upsert("crm", "crm.shipments", [Shipment(
        id="S1", order_id="O1", line_no=1, customer_id="C1", quantity=Decimal(200), unit="pcs",
        shipped_at=T0 + timedelta(days=3), lots=[ShipmentLot(lot_id="L-1",
                                                             quantity=Decimal(200))])])
    opened.upsert("mes", "mes.characteristics", [
        Characteristic(id="CH1", product_id="P-100", operation_sequence=20, name="Bore diameter",
                       unit="mm", lsl=Decimal("9.90"), usl=Decimal("10.10"),
                       target=Decimal("10.00"), subgroup_size=1, critical=True),
        Characteristic(id="CH2", product_id="P-100", operation_sequence=20, name="Chamfer",
                       unit="mm", lsl=Decimal("0.4"), usl=Decimal("0.6"), target=None,
                       subgroup_size=1, critical=False)])
    values = ["10.01", "9.99", "10.02", "10.00", "9.98", "10.01", "10.00", "9.99"]
    opened.upsert("mes", "mes.measurements", [
        Measurement(id=f"M{i}", characteristic_id="CH1", value=Decimal(v),
                    measured_at=T0 + timedelta(hours=i), lot_id="L-1", work_order_id="W1")
        for i, v in enumerate(values)] + [
        Measurement(id="MX", characteristic_id="CH1", value=Decimal("12"),
                    measured_at=T0, lot_id="L-9")])  # another customer's lot: left out
    try:
        yield opened
    finally:
        opened.close()


def _plan() -> Plan:
    return Plan(made_at=T0, zone=TAIPEI, jobs={},
                line_finish={("O1", 1): datetime(2026, 3, 11, 20, 0, tzinfo=UTC)})


def test_the_report_content(store) -> None:
    report = read_progress_report(store, "crm", "O1", ["mes"], _plan(), date(2026, 2, 10))
    assert report is not None
    assert (report.order_number, report.customer_name, report.customer_po) == (
        "SO-1042", "台灣精密工業", "PO-7781")
    one, two = report.lines
    assert (one.quantity, one.done, one.shipped) == (Decimal(500), Decimal(320), Decimal(200))
    assert one.expected_date == date(2026, 3, 12)  # 20:00 UTC is the next day in Taipei
    (stage,) = one.work_orders
    assert (stage.number, stage.operations_done, stage.operations_total,
            stage.current_work_center) == ("WO-501", 1, 3, "WC-2")
    assert (two.done, two.expected_date, two.expected_note) == (Decimal(40), None,
                                                                EXPECTED_COMPLETE)
    assert two.work_orders[0].current_work_center is None
    (figure,) = report.quality  # the critical characteristic only
    assert (figure.characteristic, figure.n, figure.lots, figure.basis) == (
        "Bore diameter", 8, ("L-1",), BASIS_SHIPPED)
    assert figure.cpk is not None and 1.0 < figure.cpk < 3.0


def test_without_measurements_the_report_says_so(store) -> None:
    store.delete("mes", "mes.measurements", [f"M{i}" for i in range(8)])
    report = read_progress_report(store, "crm", "O1", ["mes"], None, date(2026, 2, 10))
    assert report is not None and report.quality == ()
    assert report.quality_note == QUALITY_NO_MEASUREMENTS
    assert read_progress_report(store, "crm", "nope", ["mes"], None, date(2026, 2, 10)) is None


def test_the_pdf_carries_the_order_lines_dates_and_cpk(store, tmp_path, qapp) -> None:
    from widgets.reports.pdf_writer import write_progress_pdf

    report = read_progress_report(store, "crm", "O1", ["mes"], _plan(), date(2026, 2, 10))
    assert report is not None
    path = write_progress_pdf(report, tmp_path / "SO-1042.pdf")
    reader = PdfReader(str(path))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = unicodedata.normalize("NFKC", " ".join(text.split()))
    assert "SO-1042" in flat and "PO-7781" in flat
    for quantity in ("500 pcs", "320 pcs", "200 pcs", "40 pcs"):
        assert quantity in flat
    assert "2026-03-12" in flat  # expected date of line 1
    cpk = f"{report.quality[0].cpk:.2f}"
    assert "Cpk" in flat and cpk in flat
    assert "Bore diameter" in flat
    assert "台灣精密工業" in flat  # CJK rendered (and extractable)


def test_a_chinese_report_for_a_chinese_customer(store, tmp_path, qapp) -> None:
    from widgets.reports.pdf_writer import write_progress_pdf

    store.upsert("crm", "crm.customers", [
        Customer(id="C1", name="台灣精密工業", number="C-001", language="zh_TW", version=2)])
    report = read_progress_report(store, "crm", "O1", ["mes"], _plan(), date(2026, 2, 10))
    assert report is not None and report.language == "zh_TW"
    text = "".join(PdfReader(str(write_progress_pdf(report, tmp_path / "zh.pdf")))
                    .pages[0].extract_text().split())
    # Noto CJK maps some glyphs back to their Kangxi radicals (⽉ for 月), and the reader puts
    # spaces between font runs (Latin digits, CJK): compare in NFKC, without white space.
    text = unicodedata.normalize("NFKC", text)
    assert "訂單進度報告" in text and "2026年3月12日" in text  # expected date of line 1
    assert "貴公司採購單號PO-7781" in text
