"""The Odoo connector against a fake server answering as Odoo documents it, over JSON-2 (Odoo 19)
and JSON-RPC (Odoo 18): paging, incremental tokens, archived records, mapping, refusals in
words, an expired session, a malformed answer, and writes without duplicates."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest

from app.connectors.base import BadPayload, SourceRefused, SourceUnavailable
from app.connectors.odoo import from_profile, version_of
from app.domain import OperationStatus, OrderStatus, ReceiptStatus, WorkOrderStatus
from app.sync.actions import activity, expedite, finding, http_request, promise_date
from app.sync.profiles import MemorySecrets, SourceProfile
from tests.unit import odoo_payloads as op

APIS = [pytest.param(19, "json2", id="json2-odoo19"),
        pytest.param(18, "jsonrpc", id="jsonrpc-odoo18")]


def _profile(role: str = "crm", page_size: int = 200, api: str | None = None,
             database: str = op.DATABASE) -> SourceProfile:
    options = {"page_size": str(page_size)}
    if api:
        options["api"] = api
    return SourceProfile(name="odoo-prod", role=role, backend="odoo", url=op.URL,
                         instance=database, username=op.LOGIN, options=options)


def _run(server: op.FakeOdoo, work, profile: SourceProfile | None = None,
         key: str = op.API_KEY):
    async def go():
        connector = from_profile(profile or _profile(), MemorySecrets(
            {("odoo-prod", "password"): key}), transport=server.transport())
        try:
            return await work(connector)
        finally:
            await connector.aclose()

    return asyncio.run(go())


def _read(server: op.FakeOdoo, feed: str, token: str | None = None, **profile):
    async def work(connector):
        return [page async for page in connector.read_changes(feed, token)]

    role = "mes" if feed.startswith("mes.") else "crm"
    return _run(server, work, _profile(role, **profile))


def _write(server: op.FakeOdoo, action, key: str = "k-1"):
    method, path, body = http_request(action.kind, action.target_id, action.payload)

    async def work(connector):
        return await connector.write(method, path, body, key, action.version)

    return _run(server, work)


def _searches(server: op.FakeOdoo, model: str) -> list[dict]:
    return [named for m, method, named in server.calls if m == model and method == "search_read"]


def _uom(major: int) -> str:
    return "product_uom_id" if major >= 19 else "product_uom"


def _server_with_order(major: int, commitment: str | None = None) -> op.FakeOdoo:
    server = op.FakeOdoo(major)
    server.add("res.partner", op.partner(10, "Formosa Bikes", op.stamp(1), ref="C-10"),
               op.partner(11, "Mei Lin", op.stamp(1), parent=10, email="mei@formosa.tw"))
    server.add("product.product", op.product(50, "P-200"), op.product(51, "P-300"))
    server.add("sale.order", op.sale_order(42, "S00042", 11, "sale", op.stamp(3),
                                           commitment=commitment, po="PO-7781"))
    server.add("sale.order.line",
               op.order_line(421, 42, 50, 500, op.stamp(3), uom_field=_uom(major)),
               op.order_line(422, 42, 51, 20, op.stamp(4), uom_field=_uom(major)))
    return server


# --- reads -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("major", "api"), APIS)
def test_pages_by_offset_and_limit_and_the_token_comes_with_the_last_page(major, api):
    server = op.FakeOdoo(major)
    server.add("res.partner", *[op.partner(100 + i, f"Customer {i}", op.stamp(2, 8, i))
                                for i in range(5)])
    server.add("res.partner", op.partner(200, "A supplier", op.stamp(2, 9), rank=0))
    pages = _read(server, "crm.customers", page_size=2)
    assert [c.name for p in pages for c in p.records] == [f"Customer {i}" for i in range(5)]
    assert [p.sync_token for p in pages] == [None, None, "2026-03-02 08:04:00"]
    reads = _searches(server, "res.partner")
    assert [(r["offset"], r["limit"]) for r in reads] == [(0, 2), (2, 2), (4, 2)]
    assert all(r["order"] == "write_date asc, id asc" and "write_date" in r["fields"]
               for r in reads)
    versions = [c.version for p in pages for c in p.records]
    assert versions == sorted(versions) and len(set(versions)) == 5
    assert (server.requests[-1].url.path.startswith("/json/2/")) == (api == "json2")


@pytest.mark.parametrize(("major", "api"), APIS)
def test_an_incremental_read_brings_later_changes_and_archived_records_as_tombstones(major, api):
    server = op.FakeOdoo(major)
    server.add("res.partner", op.partner(1, "Old", op.stamp(1)),
               op.partner(2, "Renamed", op.stamp(5)),
               op.partner(3, "Archived", op.stamp(6), active=False))
    pages = _read(server, "crm.customers", token="2026-03-02 00:00:00")
    assert [c.name for c in pages[-1].records] == ["Renamed"]
    assert [t.id for t in pages[-1].deleted] == ["3"]
    assert pages[-1].sync_token == "2026-03-06 08:00:00"
    assert ["write_date", ">", "2026-03-02 00:00:00"] in _searches(server, "res.partner")[0][
        "domain"]
    nothing = _read(server, "crm.customers", token=pages[-1].sync_token)
    assert nothing[-1].records == [] and nothing[-1].sync_token == "2026-03-06 08:00:00"


@pytest.mark.parametrize(("major", "api"), APIS)
def test_orders_come_with_their_lines_promise_po_and_company(major, api):
    server = _server_with_order(major, commitment="2026-04-10 12:00:00")
    server.add("sale.order", op.sale_order(43, "S00043", 10, "sent", op.stamp(2)))
    server.add("sale.order", op.sale_order(44, "S00044", 10, "cancel", op.stamp(2)))
    pages = _read(server, "crm.orders")
    orders = {o.number: o for p in pages for o in p.records}
    order = orders["S00042"]
    assert order.status == OrderStatus.CONFIRMED and order.customer_po == "PO-7781"
    assert order.customer_id == "10"  # the company of the contact who ordered
    assert [(x.line_no, x.product_id, x.quantity, x.unit) for x in order.lines] == [
        (421, "P-200", Decimal(500), "Units"), (422, "P-300", Decimal(20), "Units")]
    assert {x.promised_date for x in order.lines} == {date(2026, 4, 10)}
    assert order.lines[0].requested_date == date(2026, 3, 8)  # ordered + customer lead
    assert order.version == version_of(op.stamp(4))  # the latest line counts
    assert orders["S00043"].status == OrderStatus.DRAFT
    assert orders["S00044"].status == OrderStatus.CANCELLED
    # A line changed after the token brings its order back, even if the order was not written.
    server.tables["sale.order.line"][421]["qty_delivered"] = 500
    server.tables["sale.order.line"][422].update(qty_delivered=20, write_date=op.stamp(9))
    later = _read(server, "crm.orders", token=pages[-1].sync_token)
    assert [(o.number, o.status) for o in later[-1].records] == [("S00042",
                                                                  OrderStatus.SHIPPED)]


@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_production_shows_progress_from_quantities(major, api):
    server = op.FakeOdoo(major)
    server.add("product.product", op.product(60, "FG-1"))
    server.add("mrp.production",
               op.production(7, "WH/MO/00007", 60, 100, "progress", op.stamp(5), producing=40,
                             lot=900, priority="1"),
               op.production(8, "WH/MO/00008", 60, 50, "done", op.stamp(6), producing=0,
                             produced=48))
    server.add("mrp.workorder", op.workorder(71, 7, 3, "done", op.stamp(4), produced=40),
               op.workorder(72, 7, 4, "progress", op.stamp(5, 9)))
    pages = _read(server, "mes.work_orders")
    orders = {w.number: w for p in pages for w in p.records}
    running = orders["WH/MO/00007"]
    assert (running.quantity, running.good, running.status) == (
        Decimal(100), Decimal(40), WorkOrderStatus.RUNNING)
    assert running.priority == 1 and running.output_lot_id == "900"
    assert running.sales_order_ref == "S00042" and running.product_id == "FG-1"
    assert [(o.sequence, o.work_center_id, o.status, o.good) for o in running.operations] == [
        (1, "wc-3", OperationStatus.DONE, Decimal(40)), (2, "wc-4", OperationStatus.RUNNING,
                                                         Decimal(0))]
    assert running.version == version_of(op.stamp(5, 9))
    finished = orders["WH/MO/00008"]
    assert (finished.good, finished.status) == (Decimal(48), WorkOrderStatus.COMPLETED)


# --- refusals in words -------------------------------------------------------------------------


@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_missing_access_right_names_the_model(major, api):
    server = _server_with_order(major)
    server.denied.add("sale.order")
    with pytest.raises(SourceRefused) as caught:
        _read(server, "crm.orders")
    assert caught.value.status == 403
    assert "lacks an access right on sale.order" in str(caught.value)
    assert "gemba-bot" in str(caught.value)


@pytest.mark.parametrize(("major", "api"), APIS)
def test_check_names_the_version_database_and_user_or_the_models_it_may_not_read(major, api):
    server = _server_with_order(major)
    message = _run(server, lambda c: c.check())
    assert message == f"Odoo {major}.0 database acme: user gemba-bot"
    server.denied.add("crm.lead")
    with pytest.raises(SourceRefused, match="lacks the read access right on crm.lead"):
        _run(server, lambda c: c.check())


def test_a_bad_api_key_is_said_in_words():
    server = op.FakeOdoo(19)
    with pytest.raises(SourceRefused) as caught:
        _run(server, lambda c: c.check(), key="not-the-key")
    assert caught.value.status == 401
    assert "wrong user, password or API key for 'gemba-bot'" in str(caught.value)
    assert server.requests[-1].headers["Authorization"] == "bearer not-the-key"


def test_a_wrong_password_over_jsonrpc_is_said_in_words():
    server = op.FakeOdoo(18)
    with pytest.raises(SourceRefused, match="wrong user, password or API key") as caught:
        _run(server, lambda c: c.check(), key="wrong")
    assert caught.value.status == 401


def test_a_wrong_database_is_said_in_words():
    server = op.FakeOdoo(18)
    with pytest.raises(SourceRefused, match="has no database 'acmee'"):
        _run(server, lambda c: c.check(), _profile(database="acmee"))
    server19 = op.FakeOdoo(19)
    with pytest.raises(SourceRefused, match="no database 'acmee'"):
        _run(server19, lambda c: c.check(), _profile(database="acmee"))


def test_an_address_that_is_not_odoo_is_said_in_words():
    transport = httpx.MockTransport(lambda r: httpx.Response(404, text="<html>nginx</html>"))

    async def go():
        connector = from_profile(_profile(), MemorySecrets({("odoo-prod", "password"): "x"}),
                                 transport=transport)
        try:
            return await connector.check()
        finally:
            await connector.aclose()

    with pytest.raises(BadPayload, match="not like an Odoo server"):
        asyncio.run(go())


@pytest.mark.parametrize(("major", "api"), APIS)
def test_an_expired_session_logs_in_again_once_and_the_read_goes_on(major, api):
    server = _server_with_order(major)
    server.expire_next = 1
    pages = _read(server, "crm.orders")
    assert [o.number for p in pages for o in p.records] == ["S00042"]
    if api == "jsonrpc":
        assert server.logins == 2  # the first login, and one after the session expired
    server.expire_next = 2
    with pytest.raises(SourceRefused, match="ended the session again"):
        _read(server, "crm.orders")


@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_malformed_answer_is_a_bad_payload(major, api):
    server = _server_with_order(major)
    server.malformed.add(("sale.order", "search_read"))
    with pytest.raises(BadPayload, match="sale.order.search_read did not answer a list"):
        _read(server, "crm.orders")


# --- writes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_timed_out_note_that_landed_is_not_posted_twice(major, api):
    server = _server_with_order(major)
    action = activity("odoo-prod", "42", "note", "Line 1 slips", "Resin late by 2 days")
    server.drop_after = lambda model, method: method == "message_post"
    with pytest.raises(SourceUnavailable, match="no answer in time"):
        _write(server, action, key="act-1")
    retried = _write(server, action, key="act-1")
    assert retried.replayed
    messages = server.messages("sale.order", 42)
    assert len(messages) == 1
    assert "[gemba:act-1]" in messages[0]["body"] and "Line 1 slips" in messages[0]["body"]
    assert messages[0]["subtype_xmlid"] == "mail.mt_note"  # internal: no e-mail to the customer
    fresh = _write(server, action, key="act-2")
    assert fresh.status == 201 and not fresh.replayed and len(server.messages(
        "sale.order", 42)) == 2


@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_promise_sets_the_commitment_date_unless_the_order_moved_on(major, api):
    server = _server_with_order(major)
    seen = version_of(op.stamp(4))
    stale = promise_date("odoo-prod", "42", 421, date(2026, 4, 20), seen - 1000)
    with pytest.raises(SourceRefused) as caught:
        _write(server, stale)
    assert caught.value.status == 412 and "changed in Odoo since the person saw it" in str(
        caught.value)
    assert server.tables["sale.order"][42]["commitment_date"] is False
    result = _write(server, promise_date("odoo-prod", "42", 421, date(2026, 4, 20), seen))
    assert result.status == 200 and not result.replayed
    assert server.tables["sale.order"][42]["commitment_date"] == "2026-04-20 12:00:00"
    again = _write(server, promise_date("odoo-prod", "42", 421, date(2026, 4, 20), seen))
    assert again.replayed  # the retry of a write that landed
    pages = _read(server, "crm.orders")
    assert {x.promised_date for x in pages[-1].records[0].lines} == {date(2026, 4, 20)}
    with pytest.raises(SourceRefused, match="has no line 999"):
        _write(server, promise_date("odoo-prod", "42", 999, date(2026, 4, 21), None))


@pytest.mark.parametrize(("major", "api"), APIS)
def test_expedite_sets_the_production_priority_and_complaints_are_refused(major, api):
    server = op.FakeOdoo(major)
    server.add("mrp.production", op.production(7, "WH/MO/00007", 60, 100, "confirmed",
                                               op.stamp(5)))
    result = _write(server, expedite("odoo-prod", "7", 1, version_of(op.stamp(5))))
    assert result.status == 200 and server.tables["mrp.production"][7]["priority"] == "1"
    with pytest.raises(SourceRefused) as caught:
        _write(server, finding("odoo-prod", "3", "Burr on flange"))
    assert caught.value.status == 405 and "no customer complaints model" in str(caught.value)


# --- the other feeds ---------------------------------------------------------------------------


def test_contacts_and_opportunities_belong_to_the_company():
    server = _server_with_order(18)
    server.add("res.partner", op.partner(12, "Old contact", op.stamp(2), parent=10, rank=0,
                                         active=False))
    server.add("crm.lead",
               {"id": 5, "name": "Frames 2027", "partner_id": op.m2o(11), "probability": 60.0,
                "date_deadline": "2026-06-30", "active": True, "type": "opportunity",
                "stage_id": op.m2o(3, "Proposition"), "create_date": op.stamp(1),
                "write_date": op.stamp(3)},
               {"id": 6, "name": "Lost deal", "partner_id": op.m2o(10), "probability": 0.0,
                "date_deadline": False, "active": False, "type": "opportunity",
                "stage_id": op.m2o(1), "create_date": op.stamp(1), "write_date": op.stamp(4)},
               {"id": 7, "name": "A lead", "partner_id": False, "probability": 10.0,
                "date_deadline": False, "active": True, "type": "lead",
                "stage_id": False, "create_date": op.stamp(1), "write_date": op.stamp(4)})
    contacts = _read(server, "crm.contacts")[-1]
    assert [(c.id, c.customer_id, c.email) for c in contacts.records] == [
        ("11", "10", "mei@formosa.tw")]
    assert [t.id for t in contacts.deleted] == ["12"]
    deals = {o.name: o for o in _read(server, "crm.opportunities")[-1].records}
    assert set(deals) == {"Frames 2027", "Lost deal"}  # a lead is not an opportunity
    assert (deals["Frames 2027"].customer_id, deals["Frames 2027"].stage,
            deals["Frames 2027"].probability) == ("10", "negotiate", Decimal("0.6"))
    assert deals["Frames 2027"].expected_close == date(2026, 6, 30)
    assert deals["Lost deal"].stage == "lost"


@pytest.mark.parametrize(("major", "api"), APIS)
def test_shipments_lots_and_genealogy_follow_the_lots(major, api):
    qty = "quantity" if major >= 17 else "qty_done"
    server = _server_with_order(major)
    server.add("product.product", op.product(60, "FG-1"), op.product(61, "RM-1"))
    server.add("stock.lot",
               {"id": 900, "name": "LOT-FG-900", "product_id": op.m2o(60), "product_qty": 48,
                "product_uom_id": op.m2o(1, "Units"), "create_date": op.stamp(5),
                "write_date": op.stamp(5)},
               {"id": 800, "name": "LOT-RM-800", "product_id": op.m2o(61), "product_qty": 10,
                "product_uom_id": op.m2o(2, "kg"), "create_date": op.stamp(2),
                "write_date": op.stamp(2)})
    server.add("mrp.production", op.production(7, "WH/MO/00007", 60, 50, "done", op.stamp(6),
                                               produced=48, lot=900))
    server.add("stock.move",
               {"id": 30, "raw_material_production_id": op.m2o(7), "sale_line_id": False,
                "write_date": op.stamp(6)},
               {"id": 31, "raw_material_production_id": False, "sale_line_id": op.m2o(421),
                "write_date": op.stamp(7)})
    server.tables["sale.order.line"][421]["order_partner_id"] = op.m2o(11)
    server.add("stock.move.line",
               {"id": 300, "lot_id": op.m2o(800), "move_id": op.m2o(30), qty: 4.5,
                "product_uom_id": op.m2o(2, "kg"), "date": op.stamp(6), "state": "done",
                "picking_id": False, "write_date": op.stamp(6)},
               {"id": 310, "lot_id": op.m2o(900), "move_id": op.m2o(31), qty: 48,
                "product_uom_id": op.m2o(1, "Units"), "date": op.stamp(7), "state": "done",
                "picking_id": op.m2o(70), "write_date": op.stamp(7)})
    server.add("stock.picking", {"id": 70, "name": "WH/OUT/00070", "partner_id": op.m2o(11),
                                 "date_done": op.stamp(7, 15), "sale_id": op.m2o(42),
                                 "picking_type_code": "outgoing", "state": "done",
                                 "write_date": op.stamp(7)})
    shipment = _read(server, "crm.shipments")[-1].records[0]
    assert (shipment.id, shipment.order_id, shipment.line_no, shipment.customer_id,
            shipment.quantity) == ("70-421", "42", 421, "10", Decimal(48))
    assert [(x.lot_id, x.quantity) for x in shipment.lots] == [("900", Decimal(48))]
    lots = {x.number: x for x in _read(server, "mes.lots")[-1].records}
    assert (lots["LOT-FG-900"].kind, lots["LOT-FG-900"].work_order_id) == ("finished", "7")
    assert (lots["LOT-RM-800"].kind, lots["LOT-RM-800"].unit) == ("raw", "kg")
    links = _read(server, "mes.genealogy")[-1].records
    assert [(x.parent_lot_id, x.child_lot_id, x.quantity) for x in links] == [
        ("800", "900", Decimal("4.5"))]


@pytest.mark.parametrize(("major", "api"), APIS)
def test_workcenter_productivity_gives_machine_events_and_downtime(major, api):
    server = op.FakeOdoo(major)
    server.add("mrp.workcenter",
               {"id": 3, "name": "CNC 3", "code": "CNC3", "company_id": op.m2o(1),
                "active": True, "write_date": op.stamp(1)},
               {"id": 4, "name": "Old press", "code": "P4", "company_id": op.m2o(1),
                "active": False, "write_date": op.stamp(2)})

    def block(bid, loss, kind, start, end):
        return {"id": bid, "workcenter_id": op.m2o(3), "loss_id": op.m2o(bid, loss),
                "loss_type": kind, "date_start": start, "date_end": end, "description": False,
                "production_id": op.m2o(7), "write_date": end or start}

    server.add("mrp.workcenter.productivity",
               block(1, "Productive", "productive", op.stamp(2, 8), op.stamp(2, 10)),
               block(2, "Equipment Failure", "availability", op.stamp(2, 10), op.stamp(2, 11)),
               block(3, "Setup and Adjustments", "availability", op.stamp(2, 11), False))
    equipment = _read(server, "mes.equipment")[-1]
    assert [(e.id, e.site_id, e.name) for e in equipment.records] == [("wc-3", "co-1", "CNC 3")]
    assert [t.id for t in equipment.deleted] == ["wc-4"]
    events = _read(server, "mes.machine_events")[-1].records
    assert [(e.machine_id, e.state, e.end is None) for e in events] == [
        ("wc-3", "running", False), ("wc-3", "down", False), ("wc-3", "setup", True)]
    downtime = _read(server, "mes.downtime")[-1].records
    assert [(x.reason, x.planned) for x in downtime] == [("Equipment Failure", False),
                                                         ("Setup and Adjustments", True)]


def test_the_api_option_wins_over_the_version_and_json2_on_an_old_server_is_explained():
    server = op.FakeOdoo(19)
    pages = _read(server, "crm.customers", api="jsonrpc")
    assert pages[-1].sync_token and server.logins == 1
    assert not any(r.url.path.startswith("/json/2/") for r in server.requests)
    old = op.FakeOdoo(18)
    with pytest.raises(SourceRefused, match="JSON-2 needs Odoo 19"):
        _read(old, "crm.customers", api="json2")


# --- materials -----------------------------------------------------------------------------------


def _server_with_stock(major: int) -> op.FakeOdoo:
    server = op.FakeOdoo(major)
    server.add("product.product", op.product(61, "RM-STEEL"), op.product(62, "RM-BRG"))
    server.add("stock.location", op.location(8, "WH/Stock"), op.location(10, "WH/Stock/Shelf 1"),
               op.location(9, "Partners/Vendors", usage="supplier"))
    server.add("stock.quant",
               op.quant(1, 61, 8, "WH/Stock", 100, op.stamp(3), reserved=30, unit="kg"),
               op.quant(2, 61, 8, "WH/Stock", 20, op.stamp(4), unit="kg"),  # another lot
               op.quant(3, 61, 9, "Partners/Vendors", -120, op.stamp(4)),
               op.quant(4, 62, 10, "WH/Stock/Shelf 1", 5, op.stamp(2)))
    server.add("stock.warehouse.orderpoint", op.orderpoint(1, 61, 8, "WH/Stock", 40, op.stamp(1)))
    return server


def _levels(pages) -> dict[str, tuple]:
    return {x.id: (x.item_id, x.location, x.on_hand, x.reserved, x.safety_stock, x.unit)
            for p in pages for x in p.records}


@pytest.mark.parametrize(("major", "api"), APIS)
def test_stock_levels_sum_the_quants_of_internal_locations_with_reserved_and_safety_stock(
        major, api):
    server = _server_with_stock(major)
    pages = _read(server, "mes.stock")
    assert _levels(pages) == {
        "RM-STEEL@WH/Stock": ("RM-STEEL", "WH/Stock", Decimal(120), Decimal(30), Decimal(40),
                              "kg"),
        "RM-BRG@WH/Stock/Shelf 1": ("RM-BRG", "WH/Stock/Shelf 1", Decimal(5), Decimal(0),
                                    Decimal(0), "Units")}
    assert pages[-1].sync_token == op.stamp(4)
    first = _searches(server, "stock.quant")[0]
    assert ["location_id.usage", "=", "internal"] in first["domain"]
    assert first["order"] == "write_date asc, id asc"
    quants = _searches(server, "stock.quant")[1]
    assert {"product_id", "location_id", "quantity", "reserved_quantity", "write_date"} <= set(
        quants["fields"])
    level = next(x for p in pages for x in p.records if x.item_id == "RM-STEEL")
    assert level.counted_at == datetime(2026, 3, 4, 8, tzinfo=UTC)
    assert level.version == version_of(op.stamp(4))


@pytest.mark.parametrize(("major", "api"), APIS)
def test_stock_changes_come_incrementally_with_the_whole_level(major, api):
    server = _server_with_stock(major)
    token = _read(server, "mes.stock")[-1].sync_token
    nothing = _read(server, "mes.stock", token=token)
    assert nothing[-1].records == [] and nothing[-1].sync_token == token
    # One lot of RM-STEEL is consumed; the level is still the sum of both quants.
    server.tables["stock.quant"][2].update(quantity=15, write_date=op.stamp(5))
    # A new minimum for RM-BRG brings its level back although no quant moved.
    server.add("stock.warehouse.orderpoint",
               op.orderpoint(2, 62, 10, "WH/Stock/Shelf 1", 8, op.stamp(6)))
    pages = _read(server, "mes.stock", token=token)
    levels = _levels(pages)
    assert levels["RM-STEEL@WH/Stock"][2:5] == (Decimal(115), Decimal(30), Decimal(40))
    assert levels["RM-BRG@WH/Stock/Shelf 1"][2:5] == (Decimal(5), Decimal(0), Decimal(8))
    assert pages[-1].sync_token == op.stamp(6)
    assert ["write_date", ">", token] in _searches(server, "stock.quant")[-2]["domain"]


@pytest.mark.parametrize(("major", "api"), APIS)
def test_stock_levels_without_access_to_reordering_rules_have_no_safety_stock(major, api):
    server = _server_with_stock(major)
    server.denied.add("stock.warehouse.orderpoint")
    levels = _levels(_read(server, "mes.stock"))
    assert levels["RM-STEEL@WH/Stock"][2:5] == (Decimal(120), Decimal(30), Decimal(0))


def _server_with_purchases(major: int) -> op.FakeOdoo:
    server = op.FakeOdoo(major)
    uom = _uom(major)
    server.add("product.product", op.product(61, "RM-STEEL"), op.product(62, "RM-BRG"))
    server.add("purchase.order", op.purchase_order(5, "P00005", "purchase", op.stamp(3)),
               op.purchase_order(6, "P00006", "draft", op.stamp(3)),
               op.purchase_order(7, "P00007", "cancel", op.stamp(3)))
    server.add("purchase.order.line",
               op.purchase_line(51, 5, "P00005", 61, 100, op.stamp(3), received=40,
                                planned=op.stamp(12, 9), uom_field=uom),
               op.purchase_line(52, 5, "P00005", 62, 10, op.stamp(4), received=10,
                                uom_field=uom),
               op.purchase_line(53, 6, "P00006", 61, 50, op.stamp(3), state="draft",
                                uom_field=uom),
               op.purchase_line(54, 7, "P00007", 62, 20, op.stamp(3), state="cancel",
                                uom_field=uom))
    return server


@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_partly_received_purchase_line_is_expected_for_what_is_outstanding(major, api):
    server = _server_with_purchases(major)
    pages = _read(server, "mes.receipts")
    receipts = [x for p in pages for x in p.records]
    assert [(x.id, x.purchase_order, x.supplier, x.item_id, x.quantity, x.unit, x.status)
            for x in receipts] == [("51", "P00005", "Steelworks Ltd", "RM-STEEL", Decimal(60),
                                    "kg", ReceiptStatus.OPEN)]
    assert receipts[0].expected_at == datetime(2026, 3, 12, 9, tzinfo=UTC)
    # Fully received (52), draft (53) and cancelled (54) lines are left out of a full read.
    assert all(p.deleted == [] for p in pages)
    assert pages[-1].sync_token == op.stamp(4)
    search = _searches(server, "purchase.order.line")[0]
    assert ["state", "in", ["purchase", "done"]] in search["domain"]
    assert _uom(major) in search["fields"]


@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_fully_received_line_drops_out_as_a_tombstone_on_an_incremental_read(major, api):
    server = _server_with_purchases(major)
    token = _read(server, "mes.receipts")[-1].sync_token
    nothing = _read(server, "mes.receipts", token=token)
    assert nothing[-1].records == [] and nothing[-1].deleted == []
    server.tables["purchase.order.line"][51].update(qty_received=100, write_date=op.stamp(7))
    pages = _read(server, "mes.receipts", token=token)
    assert [x.id for p in pages for x in p.records] == []
    assert [t.id for p in pages for t in p.deleted] == ["51"]
    assert pages[-1].sync_token == op.stamp(7)
    # The order being confirmed brings its lines back (its write_date, not the lines').
    server.tables["purchase.order"][6].update(state="purchase", write_date=op.stamp(8))
    server.tables["purchase.order.line"][53]["state"] = "purchase"
    later = _read(server, "mes.receipts", token=pages[-1].sync_token)
    assert [(x.id, x.quantity) for x in later[-1].records] == [("53", Decimal(50))]
    assert later[-1].sync_token == op.stamp(8)


# --- release to production and progress back ------------------------------------------------


def _release_action(parameters: dict | None = None):
    from app.sync.actions import release

    return release("odoo-mrp", "odoo-prod", "42", 421, {
        "order_id": "42", "line_no": 421, "product_id": "P-200", "quantity": "12",
        "unit": "Units", "due_date": "2026-04-20", "priority": 1,
        "parameters": parameters or {}, "sales_order_ref": "S00042", "customer_po": "PO-7781"})


@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_release_makes_one_confirmed_production_even_when_the_answer_is_lost(major, api):
    server = _server_with_order(major)
    action = _release_action({"op10:paint": "RAL 9005"})
    server.drop_after = lambda model, method: method == "action_confirm"
    with pytest.raises(SourceUnavailable):
        _write(server, action, key=action.key)
    server.drop_after = None
    again = _write(server, action, key=action.key)
    assert again.replayed
    [made] = server.tables["mrp.production"].values()
    assert made["product_qty"] == 12.0 and made["priority"] == "1"
    assert made["origin"] == f"S00042 [gemba:{action.key}]"
    assert made["date_deadline"] == "2026-04-20 12:00:00"
    notes = server.messages("mrp.production", made["id"])
    assert len(notes) == 1 and "op10:paint = RAL 9005" in notes[0]["body"]
    [link] = again.record["links"]  # cached from the answer: the line is linked at once
    assert (link["order_id"], link["line_no"], link["work_order_id"]) == (
        "42", 421, str(made["id"]))
    # Read back, the production names the order without the marker: the linking rules match.
    [page] = _read(server, "mes.work_orders")
    assert page.records[0].sales_order_ref == "S00042"


@pytest.mark.parametrize(("major", "api"), APIS)
def test_progress_is_a_note_on_the_order_once_per_key(major, api):
    from app.sync.actions import progress

    server = _server_with_order(major)
    action = progress("odoo-prod", "42", 421, {
        "progress_percent": 70, "stage": "assembly", "predicted_completion": "2026-04-18",
        "at_risk": True, "summary": "2 of 3 lines in assembly, expected 18 Apr."})
    first = _write(server, action, key="p-1")
    again = _write(server, action, key="p-1")
    assert not first.replayed and again.replayed
    [note] = server.messages("sale.order", 42)
    assert "Progress of line 421: 70 % · assembly · expected 2026-04-18 · at risk" in note["body"]
    assert "2 of 3 lines in assembly" in note["body"]
@pytest.mark.parametrize(("major", "api"), APIS)
def test_a_quote_becomes_one_draft_sale_order_with_the_quoted_date(major, api):
    from app.sync.actions import quote

    server = _server_with_order(major)
    action = quote("odoo-prod", "H-7", customer_id="10", product_id="P-300", quantity="40",
                   unit="Units", requested=date(2026, 4, 10), quoted=date(2026, 4, 24),
                   priority=3, expires=date(2026, 4, 1))
    first = _write(server, action, key="q-1")
    again = _write(server, action, key="q-1")  # the answer was lost: sent again
    assert first.status == 201 and not first.replayed and again.replayed
    assert again.record["id"] == first.record["id"] and first.record["number"]
    drafts = [o for o in server.tables["sale.order"].values() if o["state"] == "draft"]
    assert len(drafts) == 1
    assert drafts[0]["commitment_date"] == "2026-04-24 12:00:00"
    assert drafts[0]["client_order_ref"] == "quote H-7"
    orders = {o.id: o for o in _read(server, "crm.orders")[-1].records}
    made = orders[first.record["id"]]
    assert made.status == OrderStatus.DRAFT
    assert [(x.product_id, x.quantity, x.promised_date) for x in made.lines] == [
        ("P-300", Decimal(40), date(2026, 4, 24))]
