"""Customer notices when an order line slips: the contact's language, the new date in words
of that language, the order, line, PO and reason."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from app.automation.notices import (
    date_text,
    draft_notice,
    notice_for_slip,
    notice_language,
    reason_text,
)
from app.domain.crm import Contact, Customer, OrderLine, OrderStatus, SalesOrder

NEW = date(2026, 3, 12)


def _order(po: str = "PO-7781") -> SalesOrder:
    return SalesOrder(id="O1", number="SO-1042", customer_id="C1", status=OrderStatus.CONFIRMED,
                      customer_po=po, created_at=datetime(2026, 1, 5, tzinfo=UTC),
                      lines=[OrderLine(line_no=1, product_id="P-100", quantity=Decimal("500"),
                                       unit="pcs", requested_date=date(2026, 3, 1),
                                       promised_date=date(2026, 3, 5)),
                             OrderLine(line_no=2, product_id="P-200", quantity=Decimal("20"),
                                       unit="pcs", requested_date=date(2026, 3, 1))])


CUSTOMER = Customer(id="C1", name="台灣精密", number="C-001", language="zh_TW")
ZH = Contact(id="K1", customer_id="C1", name="王經理", email="wang@example.tw",
             language="zh_TW")
EN = Contact(id="K2", customer_id="C1", name="Ms. Lee", email="lee@example.com", language="en")


def test_a_chinese_notice_speaks_of_the_breakdown_and_the_new_date() -> None:
    notice = draft_notice(_order(), 1, CUSTOMER, ZH, NEW, "machine_breakdown",
                          {"machine": "CNC-3"})
    assert notice.language == "zh_TW"
    assert (notice.to_name, notice.to_email) == ("王經理", "wang@example.tw")
    assert notice.subject == "訂單 SO-1042 第 1 項交期調整通知"
    body = notice.body
    assert body.startswith("王經理 您好：")
    assert "SO-1042" in body and "第 1 項" in body
    assert "貴公司採購單號：PO-7781" in body
    assert "生產設備（CNC-3）發生故障" in body
    assert "新的預計交期：2026年3月12日" in body
    assert "原交期：2026年3月5日" in body
    assert "交期" in body and "訂單" in body


def test_an_english_notice_speaks_of_the_material_and_the_new_date() -> None:
    notice = draft_notice(_order(), 1, CUSTOMER, EN, NEW, "material_shortage",
                          {"item": "steel bar S45C"})
    assert notice.language == "en"
    assert notice.subject == "Order SO-1042, line 1: new expected delivery date 12 March 2026"
    body = notice.body
    assert body.startswith("Dear Ms. Lee,")
    assert "line 1 of your order SO-1042 (your PO PO-7781)" in body
    assert "waiting for material (steel bar S45C) to arrive" in body
    assert "New expected delivery date: 12 March 2026" in body
    assert "Previous delivery date: 5 March 2026" in body


def test_the_language_can_be_chosen_and_no_po_is_left_out() -> None:
    notice = draft_notice(_order(po=""), 2, CUSTOMER, ZH, NEW, "capacity", language="en")
    assert notice.language == "en"
    assert "PO" not in notice.body
    assert "fully booked" in notice.body
    assert "Previous delivery date" not in notice.body  # line 2 had no promised date


def test_missing_values_and_unknown_codes_still_read_well() -> None:
    assert reason_text("machine_breakdown", {}, "zh_TW") == "生產設備發生故障，目前正在搶修"
    assert reason_text("no-such-code", None, "en") == "an unexpected delay in production"
    assert reason_text("other", {"text": "a power cut at the plant"}, "en") == (
        "a power cut at the plant")
    assert date_text(NEW, "en") == "12 March 2026"
    assert date_text(NEW, "zh_TW") == "2026年3月12日"
    assert [notice_language(c) for c in ("zh_TW", "zh-Hant", "zh_HK", "zh_CN", "en", None)] == [
        "zh_TW", "zh_TW", "zh_TW", "en", "en", "en"]


def test_notice_for_slip_writes_to_the_customers_first_contact() -> None:
    other = Contact(id="K9", customer_id="C9", name="Someone else", email="x@example.com")
    notice = notice_for_slip(_order(), 1, CUSTOMER, [other, ZH, EN], NEW, "quality")
    assert notice.to_name == "王經理" and notice.language == "zh_TW"
    assert "品質檢驗" in notice.body
    alone = notice_for_slip(_order(), 1, CUSTOMER, [other], NEW, "quality")
    assert (alone.to_name, alone.to_email, alone.language) == ("台灣精密", "", "zh_TW")
    assert alone.body.startswith("台灣精密 您好：")
