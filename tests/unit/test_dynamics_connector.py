"""The Dynamics 365 connector against a fake Dataverse (httpx mock transport): paging, change
tracking and deletions, modifiedon reads, tokens, throttling, bad answers, stale updates and
creates that must not duplicate."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import httpx
import pytest

from app.connectors.base import BadPayload, SourceRefused, SourceUnavailable
from app.connectors.dynamics import from_profile
from app.domain import OrderStatus
from app.sync.profiles import MemorySecrets, SourceProfile
from tests.unit import dynamics_payloads as p


def _connector(fake: p.FakeDataverse, secret: str = p.SECRET, **options: str):
    profile = SourceProfile(
        name="d365", role="crm", backend="dynamics", url=p.ORG, instance=p.TENANT,
        username=p.CLIENT_ID, options={"token_url": p.TOKEN_URL, **options})
    secrets = MemorySecrets({("d365", "client_secret"): secret})
    return from_profile(profile, secrets, transport=httpx.MockTransport(fake))


def _read(fake: p.FakeDataverse, feed: str, token: str | None = None, **options: str):
    async def run():
        connector = _connector(fake, **options)
        try:
            return [page async for page in connector.read_changes(feed, token)]
        finally:
            await connector.aclose()

    return asyncio.run(run())


def _write(fake, method, path, body, key, version, **options):
    async def run():
        connector = _connector(fake, **options)
        try:
            return await connector.write(method, path, body, key, version)
        finally:
            await connector.aclose()

    return asyncio.run(run())


def test_pages_follow_next_link_with_max_page_size():
    fake = p.FakeDataverse()
    next_link = f"{p.API}/accounts?$select=accountid&$skiptoken=%3Ccookie%20page=%222%22%20/%3E"

    def accounts(request):
        if "$skiptoken" in p.query(request):
            return httpx.Response(200, json=p.collection("accounts", [
                p.account(p.ACCOUNT_2, "Globex", 915250, "2026-03-02T08:00:05Z")]))
        return httpx.Response(200, json=p.collection("accounts", [
            p.account(p.ACCOUNT_1, "Contoso", 915244, "2026-03-02T08:00:01Z")],
            next_link=next_link))

    fake.routes[("GET", "accounts")] = accounts
    pages = _read(fake, "crm.customers")

    assert [[c.name for c in page.records] for page in pages] == [["Contoso"], ["Globex"]]
    assert pages[0].sync_token is None
    assert pages[1].sync_token == "2026-03-02T08:00:05Z"
    assert pages[0].records[0].version == 915244
    gets = [r for r in fake.requests if r.url.path.endswith("/accounts")]
    assert all("odata.maxpagesize=" in r.headers["prefer"] for r in gets)


def test_change_tracking_delta_link_and_deleted_rows():
    fake = p.FakeDataverse()
    fake.tracked.add("account")
    delta_1 = f"{p.API}/accounts?$select=name&$deltatoken=919042%2108%2f22%2f2017%2008%3a10%3a44"
    delta_2 = f"{p.API}/accounts?$select=name&$deltatoken=919058%2108%2f22%2f2017%2008%3a21%3a20"

    def accounts(request):
        token = p.query(request).get("$deltatoken")
        if token is None:
            assert "odata.track-changes" in request.headers["prefer"]
            assert "$filter" not in p.query(request) and "$orderby" not in p.query(request)
            return httpx.Response(200, headers={"Preference-Applied": "odata.track-changes"},
                                  json=p.collection("accounts", [p.account(
                                      p.ACCOUNT_1, "Contoso", 915244, "2026-03-02T08:00:01Z")],
                                      delta_link=delta_1))
        return httpx.Response(200, json={
            "@odata.context": f"{p.API}/$metadata#accounts(name)/$delta",
            "@odata.deltaLink": delta_2,
            "value": [p.account(p.ACCOUNT_1, "Contoso Ltd", 915300, "2026-03-02T09:00:00Z"),
                      p.deleted_entity("accounts", p.DELETED_ACCOUNT)]})

    fake.routes[("GET", "accounts")] = accounts
    first = _read(fake, "crm.customers")
    assert first[-1].sync_token == delta_1

    later = _read(fake, "crm.customers", first[-1].sync_token)
    assert [(c.name, c.version) for c in later[0].records] == [("Contoso Ltd", 915300)]
    assert [t.id for t in later[0].deleted] == [p.DELETED_ACCOUNT]
    assert later[-1].sync_token == delta_2


def test_without_change_tracking_reads_by_modifiedon():
    fake = p.FakeDataverse()
    seen = []

    def accounts(request):
        seen.append(p.query(request))
        return httpx.Response(200, json=p.collection("accounts", [
            p.account(p.ACCOUNT_2, "Globex", 915400, "2026-03-02T10:00:00Z")]))

    fake.routes[("GET", "accounts")] = accounts
    pages = _read(fake, "crm.customers", "2026-03-02T08:00:05Z")

    assert seen[0]["$filter"] == "modifiedon ge 2026-03-02T08:00:05Z"
    assert seen[0]["$orderby"] == "modifiedon asc"
    assert [c.id for c in pages[0].records] == [p.ACCOUNT_2]
    assert pages[-1].sync_token == "2026-03-02T10:00:00Z"


def test_expired_token_is_renewed_once_and_the_read_goes_on():
    fake = p.FakeDataverse()
    fake.routes[("GET", "accounts")] = lambda r: httpx.Response(200, json=p.collection(
        "accounts", [p.account(p.ACCOUNT_1, "Contoso", 1, "2026-03-02T08:00:01Z")]))

    async def run():
        connector = _connector(fake)
        try:
            await connector.client._bearer()
            fake.valid_tokens.clear()  # the server forgets the token: the next call gets 401
            return [page async for page in connector.read_changes("crm.customers", None)]
        finally:
            await connector.aclose()

    pages = asyncio.run(run())
    assert [c.name for c in pages[0].records] == ["Contoso"]
    assert fake.tokens_issued == 2


def test_throttling_says_when_to_try_again():
    fake = p.FakeDataverse()
    fake.routes[("GET", "accounts")] = lambda r: httpx.Response(
        429, headers={"Retry-After": "37"}, json=p.odata_error(
            "0x80072322", "Number of requests exceeded the limit of 6000 over time window of "
                          "300 seconds."))
    with pytest.raises(SourceUnavailable, match="try again in 37 seconds"):
        _read(fake, "crm.customers")


def test_malformed_json_is_a_bad_payload():
    fake = p.FakeDataverse()
    fake.routes[("GET", "accounts")] = lambda r: httpx.Response(
        200, headers={"Content-Type": "application/json"}, content=b'{"value": [{"accountid"')
    with pytest.raises(BadPayload, match="malformed JSON"):
        _read(fake, "crm.customers")


def test_wrong_client_secret_is_said_in_words():
    fake = p.FakeDataverse()

    async def run():
        connector = _connector(fake, secret="the-secret-id-not-its-value")
        try:
            return await connector.check()
        finally:
            await connector.aclose()

    with pytest.raises(SourceRefused, match="client secret is wrong") as caught:
        asyncio.run(run())
    assert "Value, not its Secret ID" in str(caught.value)


def test_check_names_the_org_and_the_user():
    fake = p.FakeDataverse()
    fake.routes[("GET", "WhoAmI")] = lambda r: httpx.Response(200, json={
        "@odata.context": f"{p.API}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",
        "BusinessUnitId": "e1b2c3d4-0000-4000-8000-000000000001",
        "UserId": p.WHOAMI_USER, "OrganizationId": "f1b2c3d4-0000-4000-8000-000000000001"})

    async def run():
        connector = _connector(fake)
        try:
            return await connector.check()
        finally:
            await connector.aclose()

    assert asyncio.run(run()) == f"Dynamics 365 org {p.ORG}: user {p.WHOAMI_USER}"


def _order_routes(fake: p.FakeDataverse, line_version: int = 5001) -> list[dict]:
    lines = [
        {"@odata.etag": f'W/"{line_version}"', "salesorderdetailid": p.LINE_1,
         "_salesorderid_value": p.ORDER_1, "lineitemnumber": 1, "sequencenumber": 1,
         "quantity": 500, "requestdeliveryby": "2026-03-14", "productdescription": None,
         "modifiedon": "2026-03-02T08:00:00Z", "versionnumber": line_version,
         "productid": {"productnumber": "P-200", "name": "Bracket"},
         "uomid": {"name": "pcs"}},
        {"@odata.etag": 'W/"4990"', "salesorderdetailid": p.LINE_2,
         "_salesorderid_value": p.ORDER_1, "lineitemnumber": 2, "sequencenumber": 2,
         "quantity": 20.5, "requestdeliveryby": None, "productdescription": "Custom part",
         "modifiedon": "2026-03-02T07:00:00Z", "versionnumber": 4990,
         "productid": None, "uomid": {"name": "kg"}},
    ]
    order = {"@odata.etag": 'W/"5000"', "salesorderid": p.ORDER_1, "ordernumber": "ORD-01042",
             "name": "Brackets for Contoso", "_customerid_value": p.ACCOUNT_1, "statecode": 1,
             "prioritycode": 1, "requestdeliveryby": "2026-03-10",
             "createdon": "2026-02-20T08:00:00Z", "modifiedon": "2026-03-02T08:00:00Z",
             "versionnumber": 5000}
    fake.routes[("GET", "salesorders")] = lambda r: httpx.Response(
        200, json=p.collection("salesorders", [order]))
    fake.routes[("GET", "salesorderdetails")] = lambda r: httpx.Response(
        200, json=p.collection("salesorderdetails", lines))
    return lines


def test_orders_come_with_their_lines():
    fake = p.FakeDataverse()
    _order_routes(fake)
    pages = _read(fake, "crm.orders")
    orders = [o for page in pages for o in page.records]

    assert len(orders) == 1
    order = orders[0]
    assert (order.number, order.status, order.version) == ("ORD-01042",
                                                          OrderStatus.IN_PRODUCTION, 5001)
    assert [(li.line_no, li.product_id, li.quantity, li.unit) for li in order.lines] == [
        (1, "P-200", Decimal("500"), "pcs"), (2, "Custom part", Decimal("20.5"), "kg")]
    assert str(order.lines[0].promised_date) == "2026-03-14"
    assert json.loads(pages[-1].sync_token) == {"salesorders": "2026-03-02T08:00:00Z",
                                                "salesorderdetails": "2026-03-02T08:00:00Z"}


def test_a_stale_promise_update_is_refused_in_words():
    fake = p.FakeDataverse()
    _order_routes(fake, line_version=5200)  # changed after the person saw version 5001
    with pytest.raises(SourceRefused, match="changed since you saw it") as caught:
        _write(fake, "PATCH", f"/crm/v1/orders/{p.ORDER_1}/lines/1",
               {"promised_date": "2026-03-20", "reason": "", "by": "amy"}, "k-1", 5001)
    assert caught.value.status == 412
    assert not [r for r in fake.requests if r.method == "PATCH"]


def test_a_promise_update_raced_by_another_change_gets_412_from_dataverse():
    fake = p.FakeDataverse()
    _order_routes(fake)
    patches = []

    def patch(request):
        patches.append(request)
        return httpx.Response(412, json=p.odata_error(
            "0x80060882", "The version of the existing record doesn't match the RowVersion "
                          "property provided."))

    fake.routes[("PATCH", f"salesorderdetails({p.LINE_1})")] = patch
    with pytest.raises(SourceRefused, match="changed since you saw it"):
        _write(fake, "PATCH", f"/crm/v1/orders/{p.ORDER_1}/lines/1",
               {"promised_date": "2026-03-20"}, "k-2", 5001)
    assert patches[0].headers["if-match"] == 'W/"5001"'
    assert p.json_body(patches[0]) == {"requestdeliveryby": "2026-03-20"}


def test_a_create_that_timed_out_after_the_server_applied_it_is_not_duplicated():
    fake = p.FakeDataverse()
    tasks: dict[str, dict] = {}
    lose_answer = [True]

    def upsert(request):
        key = request.url.path.split("'")[1]
        if request.headers.get("if-none-match") == "*" and key in tasks:
            return httpx.Response(412, json=p.odata_error(
                "0x80060892", "A record with matching key values already exists."))
        tasks[key] = p.json_body(request)
        if lose_answer[0]:
            lose_answer[0] = False
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(204)

    def route(request):
        return upsert(request)

    path = "tasks(gemba_actionid='act-42')"
    fake.routes[("PATCH", path)] = route
    body = {"kind": "customer_notice", "subject": "New date 20 March", "body": "Dear ..."}

    with pytest.raises(SourceUnavailable, match="timeout"):
        _write(fake, "POST", f"/crm/v1/orders/{p.ORDER_1}/activities", body, "act-42", None)
    again = _write(fake, "POST", f"/crm/v1/orders/{p.ORDER_1}/activities", body, "act-42",
                   None)

    assert again.replayed is True
    assert list(tasks) == ["act-42"]
    assert tasks["act-42"]["regardingobjectid_salesorder_task@odata.bind"] == \
        f"/salesorders({p.ORDER_1})"
    assert tasks["act-42"]["subject"] == "New date 20 March"


def test_progress_goes_to_the_order_products_gemba_columns():
    fake = p.FakeDataverse()
    _order_routes(fake)
    patches = []

    def patch(request):
        patches.append(request)
        return httpx.Response(204)

    fake.routes[("PATCH", f"salesorderdetails({p.LINE_1})")] = patch
    fake.routes[("PATCH", f"salesorders({p.ORDER_1})")] = patch
    result = _write(fake, "PATCH", f"/crm/v1/orders/{p.ORDER_1}/lines/1/progress",
                    {"progress_percent": 40, "stage": "machining",
                     "predicted_completion": "2026-03-18", "at_risk": True,
                     "summary": "The line is in machining, expected 18 Mar."}, "k-9", None)
    assert result.status == 200
    assert p.json_body(patches[0]) == {"gemba_progress": 40, "gemba_stage": "machining",
                                       "gemba_predictedcompletion": "2026-03-18",
                                       "gemba_atrisk": True}
    assert p.json_body(patches[1]) == {
        "gemba_progresssummary": "The line is in machining, expected 18 Mar."}
def test_a_quote_is_made_once_with_its_lines_even_when_an_answer_was_lost():
    fake = p.FakeDataverse()
    account = "11111111-1111-4111-8111-111111111111"
    product = "22222222-2222-4222-8222-222222222222"
    unit = "33333333-3333-4333-8333-333333333333"
    made: dict[str, dict] = {}
    details_tried: list[str] = []

    def products(request):
        assert "productnumber eq 'P-300'" in p.query(request)["$filter"]
        return httpx.Response(200, json=p.collection("products", [
            {"productid": product, "_defaultuomid_value": unit}]))

    def create(request):
        path = request.url.path.removeprefix("/api/data/v9.2/")
        assert request.headers["If-None-Match"] == "*"
        if path in made:
            return httpx.Response(412, json=p.odata_error(
                "0x80040237", "A record with matching key values already exists."))
        made[path] = p.json_body(request)
        if path.startswith("quotedetails") and not details_tried:
            details_tried.append(path)  # created, but the answer is lost
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(204)

    fake.routes[("GET", "products")] = products
    body = {"customer_id": account, "status": "draft", "priority": 3,
            "customer_po": "quote H-3",
            "lines": [{"product_id": "P-300", "quantity": "500", "requested_date": "2026-03-20",
                       "promised_date": "2026-03-27", "options": {}}]}

    async def run():
        connector = _connector(fake)
        quote_id = connector.note_id("quote/key-9")
        fake.routes[("PATCH", f"quotes({quote_id})")] = create
        detail = connector.note_id("quote/key-9/1")
        fake.routes[("PATCH", f"quotedetails({detail})")] = create
        fake.routes[("GET", f"quotes({quote_id})")] = lambda r: httpx.Response(
            200, json={"quoteid": quote_id, "quotenumber": "QUO-01001-A1B2C3"})
        try:
            with pytest.raises(Exception):  # noqa: B017 - the lost answer, in words
                await connector.write("POST", "/crm/v1/orders", body, "key-9", None)
            return quote_id, await connector.write("POST", "/crm/v1/orders", body, "key-9",
                                                   None)
        finally:
            await connector.aclose()

    quote_id, result = asyncio.run(run())
    assert result.replayed and result.record == {"id": quote_id, "number": "QUO-01001-A1B2C3",
                                                 "status": "draft"}
    assert sorted(made) == sorted([f"quotes({quote_id})", details_tried[0]])  # once each
    header = made[f"quotes({quote_id})"]
    assert header["customerid_account@odata.bind"] == f"/accounts({account})"
    assert header["requestdeliveryby"] == "2026-03-27"
    (line,) = [v for k, v in made.items() if k.startswith("quotedetails")]
    assert line["quantity"] == 500.0 and line["productid@odata.bind"] == f"/products({product})"
    assert line["uomid@odata.bind"] == f"/uoms({unit})"
