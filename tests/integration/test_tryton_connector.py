"""The Tryton connector end to end against a real, seeded trytond on loopback.

The server is shared by the whole module: tests that change it touch their own records only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from decimal import Decimal

import pytest

from app import domain as d
from app.connectors.base import FeedPage, SourceRefused, SourceUnavailable
from app.connectors.tryton import TrytonConnector, from_profile
from app.sync.profiles import MemorySecrets, SourceProfile
from app.sync.sources import SourceConfig
from tests.integration.trytond_server import TrytonServer

# One trytond for these tests, in file order on one xdist worker: later tests change the records
# that earlier ones read as seeded.
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("trytond")]


def _connector(server: TrytonServer, kind: str = "crm", **kwargs) -> TrytonConnector:
    options = {"database": server.database, "login": server.login,
               "password": server.password, **kwargs}
    return TrytonConnector(SourceConfig(name=f"tryton-{kind}", kind=kind, base_url=server.url),
                           **options)


async def _pages(connector: TrytonConnector, feed: str, token: str | None = None
                 ) -> list[FeedPage]:
    return [page async for page in connector.read_changes(feed, token)]


async def _records(connector: TrytonConnector, feed: str, token: str | None = None) -> dict:
    pages = await _pages(connector, feed, token)
    assert not [r for p in pages for r in p.rejected], feed
    assert pages[-1].sync_token, feed
    return {r.id: r for p in pages for r in p.records}


def _run(scenario):
    return asyncio.run(scenario())


def _admin_read(server: TrytonServer, model: str, domain: list, fields: list[str]) -> list:
    session = server.admin_session()
    context = server.rpc("model.res.user.get_preferences", [True, {}], session)
    return server.rpc(f"model.{model}.search_read", [domain, 0, None, None, fields, context],
                      session)


def test_check_and_feeds_say_what_the_server_offers(trytond_server) -> None:
    async def scenario() -> None:
        profile = SourceProfile(name="erp", role="crm", backend="tryton",
                                url=trytond_server.url, instance=trytond_server.database,
                                username=trytond_server.login)
        connector = from_profile(profile, MemorySecrets({("erp", "password"):
                                                         trytond_server.password}))
        try:
            message = await connector.check()
            assert message.startswith(f"Tryton {trytond_server.series}")
            assert f"database {trytond_server.database}: user admin" in message
            assert {"crm.customers", "crm.orders", "crm.opportunities", "crm.complaints",
                    "crm.shipments"} <= set(connector.feeds())
        finally:
            await connector.aclose()
        mes = _connector(trytond_server, "mes")
        try:
            await mes.check()
            assert {"mes.work_orders", "mes.equipment", "mes.lots",
                    "mes.genealogy"} <= set(mes.feeds())
            assert "mes.machine_status" not in mes.feeds()  # Tryton has no live machines
        finally:
            await mes.aclose()

    _run(scenario)


def test_the_rpc_path_pasted_after_the_address_still_reaches_the_server(
        trytond_server) -> None:
    """A person copies the address from a browser or a client's settings: with "/rpc" or the
    database in it, the connector still finds the server and says which version it is."""
    db = trytond_server.database

    async def scenario() -> None:
        for tail in ("/", "/rpc", f"/{db}", f"/{db}/", f"/{db}/rpc/"):
            connector = TrytonConnector(
                SourceConfig(name="tryton", kind="crm", base_url=trytond_server.url + tail),
                database=db, login=trytond_server.login, password=trytond_server.password)
            try:
                message = await connector.check()
            finally:
                await connector.aclose()
            assert message.startswith(f"Tryton {trytond_server.series}"), tail
            assert connector.series == trytond_server.major

    _run(scenario)


def test_customers_contacts_and_orders_with_lines(trytond_server) -> None:
    seed = trytond_server.seed

    async def scenario() -> None:
        connector = _connector(trytond_server)
        try:
            customers = await _records(connector, "crm.customers")
            acme = customers[str(seed["customer"])]
            assert (acme.name, acme.number) == ("Acme Corp", "C-ACME")
            contacts = await _records(connector, "crm.contacts")
            assert any(c.email == "buyer@acme.example" and c.customer_id == acme.id
                       for c in contacts.values())
            orders = await _records(connector, "crm.orders")
            shipped, draft, confirmed = (orders[str(i)] for i in seed["sales"])
            assert shipped.customer_id == acme.id and shipped.customer_po == "PO-1"
            assert shipped.status in (d.OrderStatus.SHIPPED, d.OrderStatus.CLOSED)
            assert draft.status == d.OrderStatus.DRAFT
            assert confirmed.status == d.OrderStatus.CONFIRMED
            [line] = shipped.lines
            assert (line.product_id, line.quantity, line.unit) == ("P-200", Decimal(4), "u")
            assert [(x.product_id, x.quantity) for x in draft.lines] == [
                ("P-200", Decimal(6)), ("R-10", Decimal(3))]
            assert all(x.requested_date == dt.date(2026, 3, 20) for x in draft.lines)
            assert all(x.promised_date is None for x in draft.lines)
            shipments = await _records(connector, "crm.shipments")
            [shipment] = [s for s in shipments.values() if s.order_id == shipped.id]
            assert shipment.line_no == line.line_no and shipment.quantity == Decimal(4)
            assert [lot.lot_id for lot in shipment.lots] == [str(seed["lots"][1])]
            complaints = await _records(connector, "crm.complaints")
            complaint = complaints[str(seed["complaint"])]
            assert complaint.order_id == shipped.id and complaint.category == "Quality"
            opportunities = await _records(connector, "crm.opportunities")
            opportunity = opportunities[str(seed["opportunity"])]
            assert (opportunity.product_id, opportunity.quantity) == ("P-200", Decimal(500))
            assert opportunity.probability == Decimal("0.4")
        finally:
            await connector.aclose()

    _run(scenario)


def test_production_lots_and_genealogy(trytond_server) -> None:
    seed = trytond_server.seed
    raw_lot, finished_lot = (str(i) for i in seed["lots"])

    async def scenario() -> None:
        connector = _connector(trytond_server, "mes")
        try:
            orders = await _records(connector, "mes.work_orders")
            work_order = orders[str(seed["production"])]
            assert (work_order.product_id, work_order.quantity) == ("P-200", Decimal(10))
            # Good comes from the done outputs' quantities, not from the state's name.
            assert work_order.good == Decimal(10) and work_order.scrap == 0
            assert work_order.status == d.WorkOrderStatus.COMPLETED
            assert work_order.due_date == dt.date(2026, 3, 2)
            assert work_order.output_lot_id == finished_lot
            [operation] = work_order.operations
            assert operation.status == d.OperationStatus.DONE
            equipment = await _records(connector, "mes.equipment")
            assert equipment[operation.work_center_id].name == "Lathe 1"
            sites = await _records(connector, "mes.sites")
            assert equipment[operation.work_center_id].site_id in sites
            lots = await _records(connector, "mes.lots")
            assert (lots[raw_lot].number, lots[raw_lot].kind) == ("R-55", d.LotKind.RAW)
            assert lots[finished_lot].kind == d.LotKind.FINISHED
            assert lots[finished_lot].work_order_id == work_order.id
            assert lots[finished_lot].quantity == Decimal(10)
            links = await _records(connector, "mes.genealogy")
            assert [(x.parent_lot_id, x.child_lot_id, x.quantity) for x in links.values()] == [
                (raw_lot, finished_lot, Decimal(20))]
        finally:
            await connector.aclose()

    _run(scenario)


def test_a_production_requested_by_a_sale_links_to_its_line(trytond_server) -> None:
    made = trytond_server.seed["made_to_order"]  # KeyError here: the seed says what failed

    async def scenario() -> None:
        mes = _connector(trytond_server, "mes")
        crm = _connector(trytond_server, "crm")
        try:
            work_order = (await _records(mes, "mes.work_orders"))[str(made["production"])]
            order = (await _records(crm, "crm.orders"))[str(made["sale"])]
        finally:
            await mes.aclose()
            await crm.aclose()
        assert work_order.status == d.WorkOrderStatus.RUNNING
        assert (work_order.product_id, work_order.quantity, work_order.good) == (
            "P-300", Decimal(8), Decimal(0))
        # The link the console's fulfilment uses: the sale line, with the production's quantity.
        [line] = order.lines
        assert [(x.order_id, x.line_no, x.quantity) for x in work_order.links] == [
            (order.id, line.line_no, Decimal(8))]
        assert work_order.sales_order_ref == order.number
        cutting, turning = work_order.operations
        assert (cutting.status, turning.status) == (d.OperationStatus.DONE,
                                                    d.OperationStatus.RUNNING)
        # Tryton plans the production as a whole: both carry its window.
        for operation in (cutting, turning):
            assert (operation.planned_start, operation.planned_end) == (
                dt.datetime(2026, 11, 23, tzinfo=dt.UTC), dt.datetime(2026, 12, 5, tzinfo=dt.UTC))
        # Actual times from the cycles: the finished work has an end, the running one not yet.
        assert cutting.actual_start is not None and cutting.actual_end is not None
        assert turning.actual_start is not None and turning.actual_end is None

    _run(scenario)


def test_incremental_read_brings_back_only_the_change(trytond_server) -> None:
    draft_id = trytond_server.seed["sales"][1]

    async def scenario() -> None:
        connector = _connector(trytond_server)
        try:
            pages = await _pages(connector, "crm.orders")
            token = pages[-1].sync_token
            before = {r.id: r for p in pages for r in p.records}[str(draft_id)]
            assert await _records(connector, "crm.orders", token) == {}
            await connector.call("sale.sale", "write", [draft_id], {"reference": "PO-2b"})
            changed = await _records(connector, "crm.orders", token)
            assert list(changed) == [str(draft_id)]
            assert changed[str(draft_id)].customer_po == "PO-2b"
            assert changed[str(draft_id)].version > before.version
            # A changed line brings its order back too.
            pages = await _pages(connector, "crm.orders", token)
            token = pages[-1].sync_token
            await connector.call("sale.line", "write", [before.lines[0].line_no],
                                 {"quantity": 7.0})
            changed = await _records(connector, "crm.orders", token)
            assert list(changed) == [str(draft_id)]
            assert changed[str(draft_id)].lines[0].quantity == Decimal(7)
        finally:
            await connector.aclose()

    _run(scenario)


def test_promised_date_lands_once_and_a_stale_version_is_refused(
        trytond_server) -> None:
    sale_id = trytond_server.seed["sales"][2]  # confirmed: its line has an open stock move
    key = str(uuid.uuid4())
    promised = dt.date(2026, 4, 14)

    async def scenario() -> None:
        connector = _connector(trytond_server)
        try:
            order = (await _records(connector, "crm.orders"))[str(sale_id)]
            line_no = order.lines[0].line_no
            path = f"/crm/v1/orders/{sale_id}/lines/{line_no}"
            body = {"promised_date": promised.isoformat(), "reason": "capacity", "by": "ann"}
            result = await connector.write("PATCH", path, body, key, order.version)
            assert result.status == 200 and not result.replayed
            again = await connector.write("PATCH", path, body, key, order.version)
            assert again.replayed
            # On the server: the line's shipping date follows its move, one promise note.
            [line] = _admin_read(trytond_server, "sale.line", [["id", "=", line_no]],
                                 ["shipping_date"])
            assert line["shipping_date"]["day"] == 14 and line["shipping_date"]["month"] == 4
            notes = _admin_read(trytond_server, "ir.note",
                                [["resource", "=", f"sale.sale,{sale_id}"],
                                 ["message", "like", f"%{key}%"]], ["message"])
            assert len(notes) == 1
            reread = (await _records(connector, "crm.orders"))[str(sale_id)]
            assert reread.lines[0].promised_date == promised
            # What the customer asked for stays as it was.
            assert reread.lines[0].requested_date == order.lines[0].requested_date
            assert reread.lines[0].promise_history[-1].reason == "capacity"
            assert reread.version > order.version
            with pytest.raises(SourceRefused) as stale:
                await connector.write("PATCH", path, {"promised_date": "2026-05-01"},
                                      str(uuid.uuid4()), order.version)
            assert stale.value.status == 412
            assert "changed in Tryton since the person saw it" in str(stale.value)
        finally:
            await connector.aclose()

    _run(scenario)


def test_activity_and_finding_are_written_once(trytond_server) -> None:
    sale_id = trytond_server.seed["sales"][0]
    complaint_id = trytond_server.seed["complaint"]
    key, finding_key = str(uuid.uuid4()), str(uuid.uuid4())

    async def scenario() -> None:
        connector = _connector(trytond_server)
        try:
            body = {"kind": "customer_notice", "subject": "New date", "body": "Ships 14 April"}
            path = f"/crm/v1/orders/{sale_id}/activities"
            assert not (await connector.write("POST", path, body, key, None)).replayed
            assert (await connector.write("POST", path, body, key, None)).replayed
            activities = await _records(connector, "crm.activities")
            mine = [a for a in activities.values() if a.subject == "New date"]
            assert len(mine) == 1 and mine[0].kind == d.ActivityKind.CUSTOMER_NOTICE
            assert mine[0].order_id == str(sale_id)
            path = f"/crm/v1/complaints/{complaint_id}/findings"
            finding = {"text": "Lot L-778 deburring skipped"}
            assert not (await connector.write("POST", path, finding, finding_key,
                                              None)).replayed
            assert (await connector.write("POST", path, finding, finding_key, None)).replayed
            complaints = await _records(connector, "crm.complaints")
            assert complaints[str(complaint_id)].findings.count(finding["text"]) == 1
        finally:
            await connector.aclose()

    _run(scenario)


def test_an_expired_session_is_renewed(trytond_server) -> None:
    async def scenario() -> None:
        connector = _connector(trytond_server)
        try:
            await connector.check()
            await connector.call("res.user", "get_preferences", True)
            await connector._post("common.db.logout", [])  # the server forgets the session
            customers = await _records(connector, "crm.customers")
            assert str(trytond_server.seed["customer"]) in customers
        finally:
            await connector.aclose()

    _run(scenario)


def test_wrong_password_database_and_address_in_words(trytond_server) -> None:
    async def failure(**kwargs) -> str:
        connector = _connector(trytond_server, **kwargs)
        try:
            await connector.check()
        except (SourceRefused, SourceUnavailable) as exc:
            return str(exc)
        finally:
            await connector.aclose()
        raise AssertionError(f"check() passed with {kwargs}")

    async def scenario() -> None:
        assert "wrong user or password" in await failure(password="not-the-password")
        assert "no database 'nope'" in await failure(database="nope")
        closed = TrytonServer(url="http://127.0.0.1:9", database="gemba", login="admin",
                              password="x", seed={}, folder=trytond_server.folder,
                              process=trytond_server.process)
        connector = _connector(closed)
        with pytest.raises(SourceUnavailable, match="cannot connect"):
            await connector.check()
        await connector.aclose()

    _run(scenario)


def test_a_user_without_rights_is_told_which(trytond_server) -> None:
    session = trytond_server.admin_session()
    context = trytond_server.rpc("model.res.user.get_preferences", [True, {}], session)
    login = f"nobody-{uuid.uuid4().hex[:8]}"
    trytond_server.rpc("model.res.user.create", [[{
        "name": "No rights", "login": login, "password": "no-rights-at-all-42"}], context],
        session)

    async def scenario() -> None:
        connector = _connector(trytond_server, login=login, password="no-rights-at-all-42")
        try:
            with pytest.raises(SourceRefused) as refused:
                await _records(connector, "crm.orders")
            assert "lacks an access right" in str(refused.value)
        finally:
            await connector.aclose()

    _run(scenario)


def test_a_production_only_user_reads_work_orders_unlinked(trytond_server) -> None:
    """Without the Sales group the sale lines are not readable: the productions still come,
    and without Purchase the products still bring their lead times."""
    made = trytond_server.seed["made_to_order"]
    session = trytond_server.admin_session()
    context = trytond_server.rpc("model.res.user.get_preferences", [True, {}], session)
    # By name: 8.x no longer lets ir.model.data be read over RPC.
    groups = [row["id"] for row in _admin_read(trytond_server, "res.group",
                                               [["name", "in", ["Production", "Stock"]]],
                                               ["id"])]
    assert len(groups) == 2
    login = f"floor-{uuid.uuid4().hex[:8]}"
    [admin] = _admin_read(trytond_server, "res.user", [["login", "=", trytond_server.login]],
                          ["companies", "company"])
    trytond_server.rpc("model.res.user.create", [[{
        "name": "Shop floor", "login": login, "password": "production-only-42",
        "groups": [["add", groups]], "companies": [["add", admin["companies"]]],
        "company": admin["company"]}], context], session)

    async def scenario() -> None:
        connector = _connector(trytond_server, "mes", login=login, password="production-only-42")
        try:
            orders = await _records(connector, "mes.work_orders")
            products = await _records(connector, "mes.products")
        finally:
            await connector.aclose()
        # Tryton lets every user read product suppliers: lead times come without Purchase.
        assert (products["R-10"].lead_time_days, products["R-20"].lead_time_days) == (
            Decimal(10), Decimal(14))
        running = orders[str(made["production"])]
        assert running.status == d.WorkOrderStatus.RUNNING and running.links == []
        assert running.sales_line_ref == made["line"]  # the reference stays, for the rules

    _run(scenario)



def test_stock_and_what_is_on_order_until_it_is_received(trytond_server) -> None:
    ordered = trytond_server.seed["purchase"]  # KeyError here: the seed says what failed
    line_id = str(ordered["line"])

    async def scenario() -> None:
        connector = _connector(trytond_server, "mes")
        try:
            assert {"mes.stock", "mes.receipts"} <= set(await _feeds(connector))
            stock = await _records(connector, "mes.stock")
            receipts = await _pages(connector, "mes.receipts")
            token = receipts[-1].sync_token
            [expected] = [r for p in receipts for r in p.records]
            # The steel arrives: its moves are done in Tryton.
            session = trytond_server.admin_session()
            context = trytond_server.rpc("model.res.user.get_preferences", [True, {}], session)
            moves = _admin_read(trytond_server, "stock.move",
                                [["origin", "=", f"purchase.line,{line_id}"]], ["id"])
            trytond_server.rpc("model.stock.move.do", [[m["id"] for m in moves], context],
                               session)
            after = await _pages(connector, "mes.receipts", token)
            restocked = await _records(connector, "mes.stock")
        finally:
            await connector.aclose()
        steel = stock["R-10@Warehouse"]
        # 100 received from lot R-55, 20 and 16 consumed by the two productions.
        assert (steel.on_hand, steel.reserved, steel.unit) == (Decimal(64), 0, "u")
        assert stock["P-200@Warehouse"].on_hand == Decimal(6)  # 10 made, 4 shipped
        assert (expected.id, expected.purchase_order, expected.supplier, expected.item_id,
                expected.quantity) == (line_id, ordered["number"], "Linz Steel Mill", "R-10",
                                       Decimal(200))
        assert expected.expected_at == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
        # Received: no longer expected (a deletion), and in stock.
        assert [t.id for p in after for t in p.deleted] == [line_id]
        assert not [r for p in after for r in p.records]
        assert restocked["R-10@Warehouse"].on_hand == Decimal(264)

    _run(scenario)


async def _feeds(connector: TrytonConnector) -> tuple[str, ...]:
    await connector.models()  # feeds() names what is installed once it knows
    return connector.feeds()


def test_a_link_whose_outputs_are_done_after_its_inputs_reaches_the_cache(
        trytond_server) -> None:
    """A production consumes its inputs when it runs and makes its outputs when it is done,
    polls apart: the incremental read after "done" links the lots (it used to read only the
    inputs changed since, so the link never came). Last in the file: it adds a production."""
    session = trytond_server.admin_session()
    context = trytond_server.rpc("model.res.user.get_preferences", [True, {}], session)

    def call(model: str, method: str, *args):
        return trytond_server.rpc(f"model.{model}.{method}", [*args, context], session)

    widget_id, steel_id = trytond_server.seed["products"]
    raw_lot = trytond_server.seed["lots"][0]
    [product] = _admin_read(trytond_server, "product.product", [["id", "=", widget_id]],
                            ["default_uom"])
    unit = product["default_uom"]
    # Where the seeded production was made, and by which company.
    [seeded] = _admin_read(trytond_server, "production",
                           [["id", "=", trytond_server.seed["production"]]],
                           ["company", "warehouse", "location"])
    [warehouse] = _admin_read(trytond_server, "stock.location",
                              [["id", "=", seeded["warehouse"]]], ["storage_location"])
    storage = {"id": warehouse["storage_location"]}
    [company] = _admin_read(trytond_server, "company.company",
                            [["id", "=", seeded["company"]]], ["currency"])
    [new_lot] = call("stock.lot", "create", [{"number": "L-991", "product": widget_id}])
    move = {"unit": unit, "company": seeded["company"]}
    [production] = call("production", "create", [{
        "product": widget_id, "quantity": 4, "unit": unit, "company": seeded["company"],
        "warehouse": seeded["warehouse"], "location": seeded["location"],
        "inputs": [["create", [{**move, "product": steel_id, "quantity": 8, "lot": raw_lot,
                                "from_location": storage["id"],
                                "to_location": seeded["location"]}]]],
        "outputs": [["create", [{**move, "product": widget_id, "quantity": 4, "lot": new_lot,
                                 "from_location": seeded["location"],
                                 "to_location": storage["id"],
                                 # Tryton's JSON for a Decimal
                                 "unit_price": {"__class__": "Decimal", "decimal": "10"},
                                 "currency": company["currency"]}]]]}])

    async def links(token: str | None) -> tuple[set[tuple[str, str]], str]:
        connector = _connector(trytond_server, "mes")
        try:
            pages = await _pages(connector, "mes.genealogy", token)
        finally:
            await connector.aclose()
        return ({(r.parent_lot_id, r.child_lot_id) for p in pages for r in p.records},
                pages[-1].sync_token)

    _found, token = _run(lambda: links(None))
    call("production", "wait", [production])
    call("production", "assign_force", [production])
    call("production", "run", [production])  # the steel is consumed now
    found, token = _run(lambda: links(token))
    assert (str(raw_lot), str(new_lot)) not in found  # nothing made yet
    call("production", "do" if trytond_server.major >= 8 else "done", [production])
    found, _token = _run(lambda: links(token))
    assert (str(raw_lot), str(new_lot)) in found


def test_a_finding_on_a_complaint_past_draft_lands_once_as_a_note(trytond_server) -> None:
    """A complaint's description is read-only in Tryton once it leaves draft (a user without
    extra rights is refused: "not allowed to modify the field Description"): the finding goes
    on as a note instead, is read back with the complaint, and a retry writes nothing. Late in
    the file: it moves the complaint on."""
    complaint_id = trytond_server.seed["complaint"]
    session = trytond_server.admin_session()
    context = trytond_server.rpc("model.res.user.get_preferences", [True, {}], session)
    trytond_server.rpc("model.sale.complaint.wait", [[complaint_id], context], session)
    key = str(uuid.uuid4())
    finding = {"text": "Deburring station skipped on the night shift"}

    async def scenario() -> None:
        connector = _connector(trytond_server)
        try:
            _before, token = await _complaints_and_token(connector, None)
            path = f"/crm/v1/complaints/{complaint_id}/findings"
            assert not (await connector.write("POST", path, finding, key, None)).replayed
            assert (await connector.write("POST", path, finding, key, None)).replayed
            # The note alone changed: the incremental read brings the complaint back with it.
            after, _token = await _complaints_and_token(connector, token)
            assert after[str(complaint_id)].findings.count(finding["text"]) == 1
        finally:
            await connector.aclose()

    _run(scenario)
    [stored] = _admin_read(trytond_server, "sale.complaint", [["id", "=", complaint_id]],
                           ["description", "state"])
    assert stored["state"] == "waiting" and finding["text"] not in (stored["description"] or "")


async def _complaints_and_token(connector: TrytonConnector, token: str | None
                                ) -> tuple[dict, str | None]:
    pages = await _pages(connector, "crm.complaints", token)
    return {r.id: r for p in pages for r in p.records}, pages[-1].sync_token


def test_products_with_their_bom_and_routing_are_read(trytond_server) -> None:
    routing = trytond_server.seed["routing"]  # KeyError here: the seed says what failed

    async def scenario() -> None:
        connector = _connector(trytond_server, "mes")
        try:
            await connector.check()
            assert "mes.products" in connector.feeds()
            products = await _records(connector, "mes.products")
        finally:
            await connector.aclose()
        bracket = products["P-300"]
        assert bracket.kind == "finished" and bracket.unit == "u"
        assert [(b.component_id, b.quantity_per_unit) for b in bracket.bom] == [
            ("R-10", Decimal(2))]
        # Cutting on the saw, then turning on the lathe (their work center categories); the
        # times are the assumption Tryton leaves to the profile.
        assert [(o.name, o.work_center_id) for o in bracket.routing.operations] == [
            ("Cutting", f"wc-{routing['saw']}"), ("Turning", f"wc-{routing['lathe']}")]
        assert {o.run_seconds_per_unit for o in bracket.routing.operations} == {Decimal(60)}
        assert products["R-10"].kind == "raw" and not products["R-10"].routing.operations
        # Bought in the lead time Tryton plans purchases with: the supplier's for steel bars,
        # the supplier party's own for wire rod; a made product has none.
        # Tryton lets every user read product suppliers: lead times come without Purchase.
        assert (products["R-10"].lead_time_days, products["R-20"].lead_time_days) == (
            Decimal(10), Decimal(14))
        assert products["R-20"].lead_time_days == Decimal(14)
        assert bracket.lead_time_days is None

    _run(scenario)


def test_a_supplier_s_new_lead_time_brings_its_product_back(trytond_server) -> None:
    async def scenario() -> None:
        connector = _connector(trytond_server, "mes")
        try:
            pages = await _pages(connector, "mes.products")
            token = pages[-1].sync_token
            before = {r.id: r for p in pages for r in p.records}["R-20"]
            assert await _records(connector, "mes.products", token) == {}
            [supplier] = await connector.search_read(
                "purchase.product_supplier", [["template.products.code", "=", "R-20"]], [])
            await connector.call("purchase.product_supplier", "write", [supplier["id"]],
                                 {"lead_time": {"__class__": "timedelta",
                                                "seconds": 5 * 86400}})
            changed = await _records(connector, "mes.products", token)
        finally:
            await connector.aclose()
        assert list(changed) == ["R-20"]
        assert changed["R-20"].lead_time_days == Decimal(5)
        assert changed["R-20"].version > before.version

    _run(scenario)


def test_a_quote_lands_once_as_a_sale_in_quotation(trytond_server) -> None:
    customer = trytond_server.seed["customer"]
    key = str(uuid.uuid4())
    body = {"customer_id": str(customer), "status": "draft", "priority": 3,
            "customer_po": "quote H-1",
            "lines": [{"product_id": "P-300", "quantity": "40", "requested_date": "2026-12-20",
                       "promised_date": "2026-12-28", "options": {}}]}

    async def scenario() -> None:
        connector = _connector(trytond_server)
        try:
            first = await connector.write("POST", "/crm/v1/orders", body, key, None)
            again = await connector.write("POST", "/crm/v1/orders", body, key, None)
            assert first.status == 201 and not first.replayed and again.replayed
            assert again.record["id"] == first.record["id"]
            assert first.record["number"]  # Tryton numbers a sale when it is quoted
            sales = _admin_read(trytond_server, "sale.sale",
                                [["comment", "like", f"%{key}%"]], ["state", "number"])
            assert [(s["state"], s["number"]) for s in sales] == [
                ("quotation", first.record["number"])]
            order = (await _records(connector, "crm.orders"))[first.record["id"]]
            assert order.status == d.OrderStatus.DRAFT and order.customer_po == "quote H-1"
            (line,) = order.lines
            assert (line.product_id, line.quantity) == ("P-300", Decimal(40))
            # The quoted date reads back as the line's promised date: the quote holds it.
            assert line.promised_date == dt.date(2026, 12, 28)
            assert line.requested_date == dt.date(2026, 12, 20)
        finally:
            await connector.aclose()

    _run(scenario)
