"""The ERPNext connector against a fake Frappe site (httpx mock transport): limit_start paging,
the modified token, orders with items, work-order progress from quantities, Deleted Documents,
errors in words, and a Comment that must not be written twice."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

import httpx
import pytest

from app.connectors.base import BadPayload, SourceRefused
from app.connectors.erpnext import from_profile
from app.domain import (
    ExpectedReceipt,
    OperationStatus,
    OrderStatus,
    ReceiptStatus,
    StockLevel,
    WorkOrderStatus,
)
from app.sync.actions import http_request, quote
from app.sync.profiles import MemorySecrets, SourceProfile
from tests.unit import erpnext_payloads as p


def _connector(fake: p.FakeFrappe, role: str = "crm", secret: str = p.API_SECRET,
               **options: str):
    profile = SourceProfile(name="erp", role=role, backend="erpnext", url=p.SITE,
                            username=p.API_KEY, options={"page_size": "200", **options})
    return from_profile(profile, MemorySecrets({("erp", "api_secret"): secret}),
                        transport=httpx.MockTransport(fake))


def _run(fake, job, role="crm", **kwargs):
    async def run():
        connector = _connector(fake, role, **kwargs)
        try:
            return await job(connector)
        finally:
            await connector.aclose()

    return asyncio.run(run())


def _read(fake, feed, token=None, role="crm", **options):
    async def job(connector):
        return [page async for page in connector.read_changes(feed, token)]

    return _run(fake, job, role, **options)


def _lists(fake, doctype):
    return [p.query_of(r) for r in fake.requests
            if r.method == "GET" and unquote(r.url.path) == f"/api/resource/{doctype}"]


def test_customers_page_by_limit_start_and_token_is_latest_modified():
    fake = p.FakeFrappe()
    fake.add("Customer", p.customer("Contoso Ltd", "2026-03-01 08:00:01.000000"),
             p.customer("Globex", "2026-03-01 08:00:05.250000"),
             p.customer("Initech", "2026-03-01 08:00:09.500000"))
    pages = _read(fake, "crm.customers", page_size="2")

    assert [[c.name for c in page.records] for page in pages] == [
        ["Contoso Ltd", "Globex"], ["Initech"]]
    assert pages[0].sync_token is None
    assert pages[-1].sync_token == "2026-03-01 08:00:09.500000"
    queries = _lists(fake, "Customer")
    assert [(q["limit_start"], q["limit_page_length"]) for q in queries] == [("0", "2"),
                                                                             ("2", "2")]
    assert queries[0]["order_by"].startswith("modified asc")
    assert "customer_name" in json.loads(queries[0]["fields"])
    assert pages[0].records[0].version == 1772352001000  # 2026-03-01 08:00:01 in ms


def test_later_read_asks_only_for_changes_after_the_token():
    fake = p.FakeFrappe()
    fake.add("Customer", p.customer("Contoso Ltd", "2026-03-01 08:00:01.000000"),
             p.customer("Globex", "2026-03-02 11:30:00.000000", "Globex Corp"))
    fake.add("Deleted Document")
    pages = _read(fake, "crm.customers", "2026-03-01 08:00:01.000000")

    assert [c.name for c in pages[0].records] == ["Globex Corp"]
    filters = json.loads(_lists(fake, "Customer")[0]["filters"])
    assert ["modified", ">", "2026-03-01 08:00:01.000000"] in filters
    assert pages[-1].sync_token == "2026-03-02 11:30:00.000000"


def test_sales_order_with_items_becomes_an_order_with_lines():
    fake = p.FakeFrappe()
    fake.add("Sales Order", p.sales_order("SAL-ORD-2026-00012", "2026-03-02 09:00:00.000000"),
             p.sales_order("SAL-ORD-2026-00013", "2026-03-02 09:10:00.000000", docstatus=0,
                           status="Draft"),
             p.sales_order("SAL-ORD-2026-00014", "2026-03-02 09:20:00.000000", docstatus=2,
                           status="Cancelled"))
    pages = _read(fake, "crm.orders")
    orders = {o.id: o for o in pages[-1].records}

    order = orders["SAL-ORD-2026-00012"]
    assert order.status == OrderStatus.CONFIRMED
    assert order.customer_id == "Contoso Ltd" and order.customer_po == "PO-7781"
    assert [(ln.line_no, ln.product_id, ln.quantity, str(ln.promised_date))
            for ln in order.lines] == [(1, "GEAR-40", Decimal("120.0"), "2026-03-20"),
                                       (2, "SHAFT-12", Decimal("40.0"), "2026-03-27")]
    assert order.created_at.isoformat() == "2026-03-01T10:15:00+00:00"
    assert orders["SAL-ORD-2026-00013"].status == OrderStatus.DRAFT
    assert orders["SAL-ORD-2026-00013"].lines[0].promised_date is None
    assert orders["SAL-ORD-2026-00014"].status == OrderStatus.CANCELLED


def test_work_order_progress_comes_from_quantities_with_job_card_operations():
    fake = p.FakeFrappe()
    # The status text says "Not Started", but 60 of 100 were made: running.
    fake.add("Work Order", p.work_order("MFG-WO-2026-00007", "2026-03-03 10:00:00.000000",
                                        qty=100.0, produced=60.0, status="Not Started"),
             p.work_order("MFG-WO-2026-00008", "2026-03-03 10:05:00.000000", qty=50.0,
                          produced=50.0, status="In Process"))
    fake.add("Job Card",
             p.job_card("PO-JOB00011", "MFG-WO-2026-00007", "2026-03-03 10:30:00.000000",
                        sequence=1, workstation="Hobbing 1", completed=60.0),
             p.job_card("PO-JOB00012", "MFG-WO-2026-00007", "2026-03-03 09:00:00.000000",
                        sequence=2, workstation="Grinding 2", completed=0.0,
                        status="Open", open_log=False))
    pages = _read(fake, "mes.work_orders", role="mes")
    orders = {o.id: o for o in pages[-1].records}

    wo = orders["MFG-WO-2026-00007"]
    assert wo.status == WorkOrderStatus.RUNNING
    assert (wo.quantity, wo.good, wo.scrap) == (Decimal("100.0"), Decimal("60.0"),
                                                Decimal("2.0"))
    assert str(wo.due_date) == "2026-03-18" and wo.sales_order_ref == "SAL-ORD-2026-00012"
    first, second = wo.operations
    assert (first.work_center_id, first.status, first.good) == (
        "Hobbing 1", OperationStatus.RUNNING, Decimal("60.0"))
    assert first.actual_start.isoformat() == "2026-03-03T06:05:00+00:00"
    assert first.actual_end is None  # a time log is still open
    assert second.work_center_id == "Grinding 2" and second.status == OperationStatus.PENDING
    # The version moves when a job card changes after the work order.
    assert wo.version == 1772533800000  # 2026-03-03 10:30:00
    assert orders["MFG-WO-2026-00008"].status == WorkOrderStatus.COMPLETED


def test_deleted_documents_become_tombstones():
    fake = p.FakeFrappe()
    fake.add("Customer", p.customer("Globex", "2026-03-02 11:30:00.000000"))
    fake.add("Deleted Document",
             p.deleted_document("1k2j3h4g5f", "Customer", "Initech",
                                "2026-03-02 12:00:00.000000"),
             p.deleted_document("9z8y7x6w5v", "Contact", "Jane Doe",
                                "2026-03-02 12:05:00.000000"))
    pages = _read(fake, "crm.customers", "2026-03-01 00:00:00.000000")

    assert [t.id for t in pages[-1].deleted] == ["Initech"]
    assert pages[-1].deleted[0].deleted_at.isoformat() == "2026-03-02T12:00:00+00:00"
    assert pages[-1].sync_token == "2026-03-02 12:00:00.000000"
    filters = json.loads(_lists(fake, "Deleted Document")[0]["filters"])
    assert ["deleted_doctype", "=", "Customer"] in filters
    assert ["creation", ">", "2026-03-01 00:00:00.000000"] in filters


def test_missing_permission_names_the_doctype_in_words():
    fake = p.FakeFrappe()
    fake.routes[("GET", "/api/resource/Sales Order")] = lambda r: httpx.Response(
        403, json=p.error("PermissionError", "Insufficient Permission for Sales Order"))
    with pytest.raises(SourceRefused) as caught:
        _read(fake, "crm.orders")

    assert caught.value.status == 403
    assert "lacks the permission to read DocType 'Sales Order'" in str(caught.value)


def test_wrong_api_secret_is_said_in_words():
    fake = p.FakeFrappe()
    with pytest.raises(SourceRefused) as caught:
        _run(fake, lambda c: c.check(), secret="not-the-secret")

    assert caught.value.status == 401
    assert "wrong API key or secret" in str(caught.value)


def test_check_says_version_and_user():
    fake = p.FakeFrappe()
    for doctype in ("Customer", "Contact", "Opportunity", "Sales Order", "Issue", "Comment",
                    "Delivery Note"):
        fake.add(doctype)
    assert _run(fake, lambda c: c.check()) == f"ERPNext 15.35.1: user {p.USER}"


def test_key_that_stops_working_mid_read_is_a_clear_error():
    fake = p.FakeFrappe()
    fake.add("Customer", p.customer("Contoso Ltd", "2026-03-01 08:00:01.000000"),
             p.customer("Globex", "2026-03-01 08:00:05.000000"))
    answers = iter([None])

    def customers(request):
        if next(answers, "expired") == "expired":
            return httpx.Response(401, json=p.error("SessionExpired",
                                                    "Session Expired. Please log in again."))
        return httpx.Response(200, json={"data": fake.list("Customer", request)})

    fake.routes[("GET", "/api/resource/Customer")] = customers
    with pytest.raises(SourceRefused) as caught:
        _read(fake, "crm.customers", page_size="2")

    assert caught.value.status == 401
    assert "stopped accepting the API key" in str(caught.value)
    assert "Session Expired" in str(caught.value)


def test_malformed_answer_is_bad_payload():
    fake = p.FakeFrappe()
    fake.routes[("GET", "/api/resource/Customer")] = lambda r: httpx.Response(
        200, json={"data": {"name": "Contoso Ltd"}})
    with pytest.raises(BadPayload):
        _read(fake, "crm.customers")


def test_timed_out_comment_that_landed_is_not_written_twice():
    fake = p.FakeFrappe()
    fake.add("Sales Order", p.sales_order("SAL-ORD-2026-00012", "2026-03-02 09:00:00.000000"))
    fake.add("Comment")
    posts = []

    def post_comment(request):
        posts.append(request)
        body = json.loads(request.content)
        fake.add("Comment", {**body, "name": f"c{len(posts)}",
                             "creation": "2026-03-05 12:00:00.000000",
                             "modified": "2026-03-05 12:00:00.000000"})
        if len(posts) == 1:  # applied by the server, but the answer never arrives
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json={"data": body})

    fake.routes[("POST", "/api/resource/Comment")] = post_comment
    args = ("POST", "/crm/v1/orders/SAL-ORD-2026-00012/activities",
            {"kind": "customer_notice", "subject": "Line 1 slips a week", "body": "Hobbing"},
            "key-42", None)

    async def job(connector):
        with pytest.raises(Exception) as first:
            await connector.write(*args)
        return first.value, await connector.write(*args)

    failure, retry = _run(fake, job)

    assert "no answer in time" in str(failure)
    assert retry.replayed and retry.status == 200
    comments = [c for c in fake.docs["Comment"] if "[gemba:key-42]" in c["content"]]
    assert len(comments) == 1 and len(posts) == 1
    assert comments[0]["reference_doctype"] == "Sales Order"
    assert comments[0]["reference_name"] == "SAL-ORD-2026-00012"
    assert comments[0]["comment_type"] == "Comment"


def test_promise_on_submitted_order_uses_update_items_and_refuses_stale_versions():
    fake = p.FakeFrappe()
    order = p.sales_order("SAL-ORD-2026-00012", "2026-03-02 09:00:00.000000")
    fake.add("Sales Order", order)
    calls = []

    def update_items(request):
        form = dict(httpx.QueryParams(request.content.decode()))
        calls.append(form)
        for row in json.loads(form["trans_items"]):
            item = next(i for i in order["items"] if i["name"] == row["docname"])
            item["delivery_date"] = row["delivery_date"]
        order["modified"] = "2026-03-05 08:00:00.000000"
        return httpx.Response(200, json={})

    fake.methods["erpnext.controllers.accounts_controller.update_child_qty_rate"] = update_items
    seen = 1772442000000  # 2026-03-02 09:00:00, the version the person saw

    async def job(connector):
        return await connector.write("PATCH", "/crm/v1/orders/SAL-ORD-2026-00012/lines/2",
                                     {"promised_date": "2026-04-03"}, "k1", seen)

    result = _run(fake, job)
    assert result.status == 200 and not result.replayed
    sent = json.loads(calls[0]["trans_items"])
    assert calls[0]["parent_doctype"] == "Sales Order"
    assert [(r["docname"], r["delivery_date"], r["qty"]) for r in sent] == [
        ("a8f3c21d07", "2026-03-20", 120.0), ("b91e7734aa", "2026-04-03", 40.0)]

    async def stale(connector):
        return await connector.write("PATCH", "/crm/v1/orders/SAL-ORD-2026-00012/lines/1",
                                     {"promised_date": "2026-04-10"}, "k2", seen)

    with pytest.raises(SourceRefused) as caught:
        _run(fake, stale)
    assert caught.value.status == 412 and "changed in ERPNext" in str(caught.value)


def test_priority_is_refused_in_words():
    with pytest.raises(SourceRefused) as caught:
        _run(p.FakeFrappe(), lambda c: c.write(
            "POST", "/mes/v1/work-orders/MFG-WO-2026-00007/priority", {"priority": 1}, "k",
            None), role="mes")
    assert caught.value.status == 405 and "no priority field" in str(caught.value)


# --- materials: mes.stock from Bin, mes.receipts from Purchase Order -----------------------


def _stock_site() -> p.FakeFrappe:
    fake = p.FakeFrappe()
    fake.add("Bin",
             p.bin_row("RM-STEEL", "Stores - GC", "2026-03-04 07:00:00.000000", actual=820.0,
                       reserved=150.0),
             p.bin_row("RM-STEEL", "WIP - GC", "2026-03-04 07:05:00.000000", actual=40.0),
             p.bin_row("RM-BRG", "Stores - GC", "2026-03-04 07:10:00.000000", actual=96.0,
                       reserved=24.0, uom="Nos"))
    fake.add("Item", p.item("RM-STEEL", 300.0), p.item("RM-BRG", 50.0))
    fake.add("Item Reorder", p.item_reorder("RM-STEEL", "Stores - GC", 500.0))
    return fake


def test_bins_become_stock_levels_with_reserved_and_safety_stock():
    fake = _stock_site()
    pages = _read(fake, "mes.stock", role="mes")
    levels = {s.id: s for s in pages[-1].records}

    assert all(isinstance(s, StockLevel) for s in levels.values())
    steel = levels["RM-STEEL@Stores - GC"]
    assert (steel.item_id, steel.location, steel.unit) == ("RM-STEEL", "Stores - GC", "Kg")
    assert (steel.on_hand, steel.reserved) == (Decimal("820.0"), Decimal("150.0"))
    assert steel.safety_stock == Decimal("500.0")  # the reorder level of that warehouse
    assert steel.counted_at.isoformat() == "2026-03-04T07:00:00+00:00"
    # No reorder level for the WIP warehouse: the item's safety stock.
    assert levels["RM-STEEL@WIP - GC"].safety_stock == Decimal("300.0")
    brg = levels["RM-BRG@Stores - GC"]
    assert (brg.reserved, brg.safety_stock, brg.unit) == (Decimal("24.0"), Decimal("50.0"),
                                                          "Nos")
    bins = _lists(fake, "Bin")[0]
    assert {"item_code", "warehouse", "actual_qty", "reserved_qty", "projected_qty",
            "stock_uom", "modified"} <= set(json.loads(bins["fields"]))
    reorder = _lists(fake, "Item Reorder")[0]
    assert reorder["parent"] == "Item"
    assert ["parent", "in", ["RM-BRG", "RM-STEEL"]] in json.loads(reorder["filters"])
    assert pages[-1].sync_token == "2026-03-04 07:10:00.000000"


def test_stock_without_permission_on_reorder_levels_or_items_is_read_quietly():
    fake = _stock_site()
    fake.routes[("GET", "/api/resource/Item Reorder")] = lambda r: httpx.Response(
        403, json=p.error("PermissionError", "Insufficient Permission for Item Reorder"))
    levels = {s.id: s for s in _read(fake, "mes.stock", role="mes")[-1].records}
    assert levels["RM-STEEL@Stores - GC"].safety_stock == Decimal("300.0")

    fake.routes[("GET", "/api/resource/Item")] = lambda r: httpx.Response(
        403, json=p.error("PermissionError", "Insufficient Permission for Item"))
    pages = _read(fake, "mes.stock", role="mes")
    assert [s.safety_stock for s in pages[-1].records] == [Decimal(0)] * 3
    assert not pages[-1].rejected


def test_stock_pages_by_limit_start_and_reads_changes_after_the_token():
    fake = _stock_site()
    pages = _read(fake, "mes.stock", role="mes", page_size="2")

    assert [[s.id for s in page.records] for page in pages] == [
        ["RM-STEEL@Stores - GC", "RM-STEEL@WIP - GC"], ["RM-BRG@Stores - GC"]]
    assert [(q["limit_start"], q["limit_page_length"]) for q in _lists(fake, "Bin")] == [
        ("0", "2"), ("2", "2")]
    assert pages[0].sync_token is None
    token = pages[-1].sync_token
    assert token == "2026-03-04 07:10:00.000000"

    fake.requests.clear()
    fake.add("Bin", p.bin_row("RM-CAST", "Stores - GC", "2026-03-04 09:00:00.000000",
                              actual=12.0))
    fake.add("Deleted Document", p.deleted_document(
        "7a6b5c4d3e", "Bin", "bin-rm-brg-stores-gc", "2026-03-04 09:30:00.000000",
        {"name": "bin-rm-brg-stores-gc", "doctype": "Bin", "item_code": "RM-BRG",
         "warehouse": "Stores - GC"}))
    later = _read(fake, "mes.stock", token, role="mes")

    assert [s.id for s in later[-1].records] == ["RM-CAST@Stores - GC"]
    assert ["modified", ">", token] in json.loads(_lists(fake, "Bin")[0]["filters"])
    assert [t.id for t in later[-1].deleted] == ["RM-BRG@Stores - GC"]
    assert later[-1].sync_token == "2026-03-04 09:30:00.000000"


def _po_site() -> p.FakeFrappe:
    fake = p.FakeFrappe()
    fake.add("Purchase Order",
             p.purchase_order("PUR-ORD-2026-00031", "2026-03-03 08:00:00.000000",
                              [("RM-STEEL", 1000.0, 400.0, "2026-03-10"),
                               ("RM-CAST", 60.0, 60.0, "2026-03-12")]),
             p.purchase_order("PUR-ORD-2026-00032", "2026-03-03 09:00:00.000000",
                              [("RM-BRG", 200.0, 200.0, "2026-03-06"),
                               ("RM-STEEL", 50.0, 10.0, "2026-03-07")], status="Completed"),
             p.purchase_order("PUR-ORD-2026-00033", "2026-03-03 10:00:00.000000",
                              [("RM-BRG", 80.0, 0.0, "2026-03-14")], status="Draft",
                              docstatus=0))
    fake.add("Deleted Document")
    return fake


def test_partly_received_purchase_order_line_is_expected_with_what_is_left():
    fake = _po_site()
    pages = _read(fake, "mes.receipts", role="mes")
    receipts = pages[-1].records

    assert [r.id for r in receipts] == ["PUR-ORD-2026-00031/1"]
    line = receipts[0]
    assert isinstance(line, ExpectedReceipt)
    assert (line.purchase_order, line.supplier, line.item_id) == (
        "PUR-ORD-2026-00031", "Nordic Steel AB", "RM-STEEL")
    assert (line.quantity, line.unit, line.status) == (Decimal("600.0"), "Kg",
                                                       ReceiptStatus.OPEN)
    assert line.expected_at.isoformat() == "2026-03-10T00:00:00+00:00"
    assert line.version == 1772524800000  # 2026-03-03 08:00:00
    # The line received in full expects nothing more.
    assert [t.id for t in pages[-1].deleted] == ["PUR-ORD-2026-00031/2"]
    # A full read lists only submitted orders that still expect something (the cache drops
    # what a full read no longer lists); completed and draft orders are not asked for.
    filters = json.loads(_lists(fake, "Purchase Order")[0]["filters"])
    assert ["docstatus", "=", 1] in filters
    assert ["status", "not in", ["Closed", "Completed", "Cancelled", "Delivered"]] in filters
    assert not any("PUR-ORD-2026-00032" in unquote(r.url.path) for r in fake.requests)


def test_site_time_zone_gives_the_expected_date_in_utc():
    fake = _po_site()
    receipts = _read(fake, "mes.receipts", role="mes", time_zone="Asia/Taipei")[-1].records
    assert receipts[0].expected_at.isoformat() == "2026-03-09T16:00:00+00:00"


def test_completed_or_cancelled_order_lines_become_tombstones_in_a_read_of_changes():
    fake = _po_site()
    fake.add("Purchase Order",
             p.purchase_order("PUR-ORD-2026-00034", "2026-03-03 11:00:00.000000",
                              [("RM-CAST", 30.0, 0.0, "2026-03-20")], status="Cancelled",
                              docstatus=2))
    pages = _read(fake, "mes.receipts", "2026-03-01 00:00:00.000000", role="mes")

    assert [r.id for r in pages[-1].records] == ["PUR-ORD-2026-00031/1"]
    assert sorted(t.id for t in pages[-1].deleted) == [
        "PUR-ORD-2026-00031/2",  # received in full on an open order
        "PUR-ORD-2026-00032/1", "PUR-ORD-2026-00032/2",  # the order is completed
        "PUR-ORD-2026-00034/1"]  # cancelled
    done = {t.id: t for t in pages[-1].deleted}
    assert done["PUR-ORD-2026-00032/2"].deleted_at.isoformat() == "2026-03-03T09:00:00+00:00"
    filters = json.loads(_lists(fake, "Purchase Order")[0]["filters"])
    assert ["docstatus", "in", [1, 2]] in filters
    assert ["modified", ">", "2026-03-01 00:00:00.000000"] in filters
    assert pages[-1].sync_token == "2026-03-03 11:00:00.000000"


def test_purchase_orders_page_by_limit_start():
    fake = _po_site()
    fake.add("Purchase Order",
             p.purchase_order("PUR-ORD-2026-00035", "2026-03-03 12:00:00.000000",
                              [("RM-BRG", 100.0, 25.0, "2026-03-18")], status="To Receive"),
             p.purchase_order("PUR-ORD-2026-00036", "2026-03-03 13:00:00.000000",
                              [("RM-CAST", 40.0, 0.0, "2026-03-19")]))
    pages = _read(fake, "mes.receipts", role="mes", page_size="2")

    assert [[r.id for r in page.records] for page in pages] == [
        ["PUR-ORD-2026-00031/1", "PUR-ORD-2026-00035/1"], ["PUR-ORD-2026-00036/1"]]
    assert [r.quantity for r in pages[0].records] == [Decimal("600.0"), Decimal("75.0")]
    assert [(q["limit_start"], q["limit_page_length"])
            for q in _lists(fake, "Purchase Order")] == [("0", "2"), ("2", "2")]
    assert pages[-1].sync_token == "2026-03-03 13:00:00.000000"


def test_deleted_purchase_order_sends_tombstones_for_its_lines():
    fake = _po_site()
    fake.add("Deleted Document", p.deleted_document(
        "5e4d3c2b1a", "Purchase Order", "PUR-ORD-2026-00030", "2026-03-03 12:00:00.000000",
        p.purchase_order("PUR-ORD-2026-00030", "2026-03-02 12:00:00.000000",
                         [("RM-STEEL", 10.0, 0.0, "2026-03-08"),
                          ("RM-BRG", 5.0, 0.0, "2026-03-08")], docstatus=2,
                         status="Cancelled")))
    pages = _read(fake, "mes.receipts", "2026-03-03 09:30:00.000000", role="mes")
    assert [t.id for t in pages[-1].deleted] == ["PUR-ORD-2026-00030/1",
                                                 "PUR-ORD-2026-00030/2"]


# --- release to production and progress back ------------------------------------------------


def test_a_release_makes_one_work_order_for_the_line_even_when_the_answer_is_lost():
    fake = p.FakeFrappe()
    fake.add("Sales Order", {**p.sales_order("SAL-ORD-2026-00012", "2026-03-02 09:00:00.000000"),
                             "company": "Gemba Works"})
    fake.add("BOM", {"name": "BOM-GEAR-40-001", "item": "GEAR-40", "is_active": 1,
                     "is_default": 1, "docstatus": 1, "modified": "2026-01-01 00:00:00"})
    fake.add("Work Order")
    fake.add("Comment")
    posts = []

    def post_work_order(request):
        posts.append(request)
        body = json.loads(request.content)
        doc = {**body, "name": f"MFG-WO-2026-{len(posts):05d}", "status": "Not Started",
               "creation": "2026-03-05 12:00:00.000000", "stock_uom": "Nos",
               "modified": "2026-03-05 12:00:00.000000", "produced_qty": 0}
        fake.add("Work Order", doc)
        if len(posts) == 1:  # applied by the server, but the answer never arrives
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json={"data": doc})

    fake.routes[("POST", "/api/resource/Work Order")] = post_work_order
    body = {"order_id": "SAL-ORD-2026-00012", "line_no": 1, "product_id": "GEAR-40",
            "quantity": "120", "unit": "Nos", "due_date": "2026-03-19", "priority": 2,
            "parameters": {"op10:coating": "zinc"}, "sales_order_ref": "SAL-ORD-2026-00012"}
    args = ("POST", "/mes/v1/work-orders", body, "release:erp:SAL-ORD-2026-00012:1", None)

    async def job(connector):
        with pytest.raises(Exception) as first:
            await connector.write(*args)
        return first.value, await connector.write(*args)

    failure, retry = _run(fake, job, role="mes")
    assert "no answer in time" in str(failure)
    assert retry.replayed and len(posts) == 1
    [made] = fake.docs["Work Order"]
    assert (made["production_item"], made["qty"], made["bom_no"], made["sales_order_item"],
            made["docstatus"], made["expected_delivery_date"]) == (
        "GEAR-40", 120.0, "BOM-GEAR-40-001", "a8f3c21d07", 1, "2026-03-19")
    [link] = retry.record["links"]
    assert (link["order_id"], link["line_no"]) == ("SAL-ORD-2026-00012", 1)
    comments = [c for c in fake.docs["Comment"] if "op10:coating = zinc" in c["content"]]
    assert len(comments) == 1 and comments[0]["reference_doctype"] == "Work Order"


def test_progress_goes_to_the_sales_order_items_custom_fields_once():
    fake = p.FakeFrappe()
    fake.add("Sales Order", p.sales_order("SAL-ORD-2026-00012", "2026-03-02 09:00:00.000000"))
    body = {"progress_percent": 70, "stage": "assembly", "predicted_completion": "2026-03-18",
            "at_risk": True, "summary": "2 of 2 lines in assembly, expected 18 Mar."}
    args = ("PATCH", "/crm/v1/orders/SAL-ORD-2026-00012/lines/2/progress", body, "k", None)

    async def job(connector):
        return await connector.write(*args), await connector.write(*args)

    first, again = _run(fake, job)
    assert not first.replayed and again.replayed
    [order] = fake.docs["Sales Order"]
    row = order["items"][1]
    assert (row["gemba_progress"], row["gemba_stage"], row["gemba_predicted"],
            row["gemba_at_risk"]) == (70, "assembly", "2026-03-18", 1)
    assert order["gemba_progress_summary"] == body["summary"]
    assert "gemba_progress" not in order["items"][0]


def _quote_site(with_key_field: bool = True, lose_first: bool = False
                ) -> tuple[p.FakeFrappe, list[httpx.Request]]:
    """A site that numbers Quotations as ERPNext's naming series does, and the inserts it
    took; with `lose_first` the first insert is applied but its answer never arrives."""
    fake = p.FakeFrappe()
    fake.add("Quotation")
    fake.add("Comment")
    if with_key_field:
        fake.custom_fields["Quotation"] = ["gemba_idempotency_key"]
    posts: list[httpx.Request] = []

    def post_quotation(request):
        posts.append(request)
        doc = {**json.loads(request.content), "name": f"SAL-QTN-2026-{len(posts):05d}",
               "creation": "2026-03-05 12:00:00.000000",
               "modified": "2026-03-05 12:00:00.000000", "status": "Draft"}
        fake.add("Quotation", doc)
        if len(posts) == 1 and lose_first:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(200, json={"data": doc})

    fake.routes[("POST", "/api/resource/Quotation")] = post_quotation
    return fake, posts


def _quote_args(key: str = "quote:erp:H-7"):
    action = quote("erp", "H-7", customer_id="CUST-00042", product_id="GEAR-40",
                   quantity="500", unit="Nos", requested=date(2027, 3, 1),
                   quoted=date(2027, 3, 8), priority=2, expires=date(2026, 3, 19),
                   options={"colour": "red"}, customer_po="call with Amy")
    method, path, body = http_request(action.kind.value, action.target_id, action.payload)
    return method, path, body, key, None


def test_a_quote_is_one_draft_quotation_marked_with_its_key():
    fake, posts = _quote_site()

    async def job(connector):
        return await connector.write(*_quote_args())

    result = _run(fake, job)
    assert (result.status, result.replayed) == (201, False)
    assert (result.record["id"], result.record["number"], result.record["status"]) == (
        "SAL-QTN-2026-00001", "SAL-QTN-2026-00001", "draft")
    [sent] = [json.loads(r.content) for r in posts]
    assert (sent["quotation_to"], sent["party_name"], sent["docstatus"],
            sent["gemba_idempotency_key"]) == ("Customer", "CUST-00042", 0, "quote:erp:H-7")
    assert sent["items"] == [{"item_code": "GEAR-40", "qty": 500.0}]
    [note] = fake.docs["Comment"]
    assert (note["reference_doctype"], note["reference_name"]) == (
        "Quotation", "SAL-QTN-2026-00001")
    assert "[gemba:quote:erp:H-7]" in note["content"]
    assert "quoted for 2027-03-08 (wanted 2027-03-01)" in note["content"]
    assert "colour = red" in note["content"]


def test_a_quote_whose_answer_was_lost_is_answered_with_the_quotation_it_made():
    fake, posts = _quote_site(lose_first=True)

    async def job(connector):
        with pytest.raises(Exception) as first:
            await connector.write(*_quote_args())
        return first.value, await connector.write(*_quote_args())

    failure, retry = _run(fake, job)
    assert "no answer in time" in str(failure)
    assert len(posts) == 1 and len(fake.docs["Quotation"]) == 1
    assert retry.replayed and retry.status == 200
    assert (retry.record["id"], retry.record["number"]) == (
        "SAL-QTN-2026-00001", "SAL-QTN-2026-00001")
    assert len(fake.docs["Comment"]) == 1  # the dates noted once, by the retry


def test_a_quote_to_a_site_without_the_key_field_is_refused_naming_the_field():
    fake, posts = _quote_site(with_key_field=False)

    async def job(connector):
        return await connector.write(*_quote_args())

    with pytest.raises(SourceRefused) as refused:
        _run(fake, job)
    assert refused.value.status == 422
    assert "gemba_idempotency_key" in str(refused.value)
    assert "Customize Form" in str(refused.value)
    assert posts == [] and fake.docs["Quotation"] == []
