"""The Salesforce connector against a fake org that answers as Salesforce documents it:
sign-in, SOQL paging, incremental tokens, deletions, limits, refusals and writes without
duplicates."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from app.connectors.base import BadPayload, SourceRefused, SourceUnavailable
from app.connectors.salesforce import from_profile
from app.domain import OrderStatus
from app.sync.actions import activity, finding, http_request, promise_date, quote
from app.sync.profiles import MemorySecrets, SourceProfile
from tests.unit import salesforce_payloads as sf

PROFILE = SourceProfile(name="sf-prod", role="crm", backend="salesforce", url=sf.LOGIN,
                        username=sf.CLIENT_ID, options={"api_version": "v62.0"})
SECRETS = MemorySecrets({("sf-prod", "client_secret"): sf.CLIENT_SECRET})
ORDER_ID = "8015g0000000ORDAAA"
CASE_ID = "5005g0000000CASAAA"
ACCOUNT_ID = "0015g0000000ACCAAA"


def _run(org: sf.FakeOrg, work, profile: SourceProfile = PROFILE, secrets=SECRETS):
    async def go():
        connector = from_profile(profile, secrets, transport=org.transport())
        try:
            return await work(connector)
        finally:
            await connector.aclose()

    return asyncio.run(go())


def _read(org: sf.FakeOrg, feed: str, token: str | None = None):
    async def work(connector):
        return [page async for page in connector.read_changes(feed, token)]

    return _run(org, work)


def _soql(org: sf.FakeOrg) -> list[str]:
    return [r.url.params["q"] for r in org.requests if "q" in r.url.params]


def _org_with_order(promised: str | None = None) -> sf.FakeOrg:
    org = sf.FakeOrg()
    org.add("Order", sf.order(ORDER_ID, "00000104", ACCOUNT_ID, sf.stamp(3), [
        sf.order_item("8025g0000000IT1AAA", 1, "P-200", 500, sf.stamp(3), promised=promised),
        sf.order_item("8025g0000000IT2AAA", 2, "P-300", 20, sf.stamp(4)),
    ]))
    return org


def test_pages_follow_next_records_url_and_the_token_comes_with_the_last_page():
    org = sf.FakeOrg(page_size=2)
    org.add("Account", *[sf.account(f"0015g00000ACC{i:02d}AA", f"Customer {i}",
                                    sf.stamp(2, 8, i), number=f"C-{i}") for i in range(5)])
    pages = _read(org, "crm.customers")
    names = [c.name for page in pages for c in page.records]
    assert names == [f"Customer {i}" for i in range(5)]
    assert [p.sync_token for p in pages] == [None, None, None, "2026-03-02T08:04:00Z"]
    followed = [r.url.path for r in org.requests if "/query/" in r.url.path]
    assert len(followed) == 2  # pages 2 and 3 came from nextRecordsUrl
    assert "FROM Account" in _soql(org)[0] and "ORDER BY SystemModstamp" in _soql(org)[0]
    versions = [c.version for page in pages for c in page.records]
    assert versions == sorted(versions) and len(set(versions)) == 5


def test_an_incremental_read_brings_only_later_changes_and_deletions():
    org = sf.FakeOrg()
    org.add("Account", sf.account("0015g00000OLD01AA", "Old", sf.stamp(1)),
            sf.account("0015g00000NEW01AA", "Changed", sf.stamp(5)))
    org.deleted["Account"] = [{"id": "0015g00000GONE1AA",
                               "deletedDate": "2026-03-04T10:00:00.000+0000"}]
    pages = _read(org, "crm.customers", "2026-03-02T00:00:00Z")
    assert [c.name for p in pages for c in p.records] == ["Changed"]
    tombstones = [t for p in pages for t in p.deleted]
    assert [t.id for t in tombstones] == ["0015g00000GONE1AA"]
    assert tombstones[0].deleted_at.isoformat() == "2026-03-04T10:00:00+00:00"
    assert pages[-1].sync_token == "2026-03-05T08:00:00Z"
    assert "SystemModstamp > 2026-03-02T00:00:00Z" in _soql(org)[0]
    deleted_call = next(r for r in org.requests if r.url.path.endswith("/deleted/"))
    assert deleted_call.url.params["start"] <= "2026-03-02T00:00:00+00:00"


def test_nothing_new_keeps_the_token():
    org = sf.FakeOrg()
    org.add("Account", sf.account("0015g00000OLD01AA", "Old", sf.stamp(1)))
    pages = _read(org, "crm.customers", "2026-03-02T00:00:00Z")
    assert [r for p in pages for r in p.records] == []
    assert pages[-1].sync_token == "2026-03-02T00:00:00Z"


def test_orders_map_to_sales_orders_with_lines_and_a_changed_item_rereads_its_order():
    org = _org_with_order(promised="2026-03-25")
    [first, last] = _read(org, "crm.orders")
    [order] = first.records
    assert (order.number, order.customer_id, order.status) == (
        "00000104", ACCOUNT_ID, OrderStatus.CONFIRMED)
    assert [(ln.line_no, ln.product_id, ln.quantity, ln.unit) for ln in order.lines] == [
        (1, "P-200", Decimal("500"), "Each"), (2, "P-300", Decimal("20"), "Each")]
    assert order.lines[0].promised_date == date(2026, 3, 25)
    assert order.lines[0].requested_date == date(2026, 3, 20)
    assert last.sync_token == "2026-03-04T08:00:00Z"  # the item's stamp counts too

    # Only the item changed later: the order comes again, with a higher version.
    org.add("OrderItem", {"attributes": {"type": "OrderItem", "url": "x"},
                          "Id": "8025g0000000IT2AAA", "OrderId": ORDER_ID,
                          "SystemModstamp": sf.stamp(6)})
    org.rows["Order"][0]["OrderItems"]["records"][1]["SystemModstamp"] = sf.stamp(6)
    again = _read(org, "crm.orders", last.sync_token)
    [reread] = [o for p in again for o in p.records]
    assert reread.id == ORDER_ID and reread.version > order.version
    assert again[-1].sync_token == "2026-03-06T08:00:00Z"


def test_an_expired_session_signs_in_again_once_and_retries():
    org = sf.FakeOrg()
    org.add("Account", sf.account("0015g00000ACC01AA", "Acme", sf.stamp(2)))

    async def work(connector):
        await connector.check()
        org.expire_tokens()
        return [p async for p in connector.read_changes("crm.customers", None)]

    pages = _run(org, work)
    assert [c.name for p in pages for c in p.records] == ["Acme"]
    assert org.tokens_issued == 2


def test_the_api_limit_is_a_pause_in_words_and_calls_left_are_kept():
    org = sf.FakeOrg()
    org.limit_exceeded = True

    async def work(connector):
        with pytest.raises(SourceUnavailable) as raised:
            async for _ in connector.read_changes("crm.customers", None):
                pass
        return str(raised.value), connector.api_calls_left

    message, left = _run(org, work)
    assert "Salesforce API limit reached" in message and "waiting" in message
    assert left == (0, 15000)


def test_malformed_json_is_a_bad_payload():
    org = sf.FakeOrg()
    org.malformed_query = True
    with pytest.raises(BadPayload, match="malformed JSON"):
        _read(org, "crm.customers")


def test_wrong_credentials_are_said_in_words():
    org = sf.FakeOrg()
    wrong = MemorySecrets({("sf-prod", "client_secret"): "not-it"})

    async def work(connector):
        return await connector.check()

    with pytest.raises(SourceRefused) as raised:
        _run(org, work, secrets=wrong)
    assert "consumer key or consumer secret is wrong" in str(raised.value)
    assert "invalid client credentials" in str(raised.value)


def test_check_says_which_org_and_how_many_calls_are_left():
    org = sf.FakeOrg()

    async def work(connector):
        return await connector.check()

    text = _run(org, work)
    assert text == (f"Salesforce org {sf.ORG_ID} at {sf.INSTANCE}: API calls left 14,975 of "
                    "15,000")


def test_jwt_bearer_flow_signs_an_assertion_for_the_user():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    profile = SourceProfile(name="sf-jwt", role="crm", backend="salesforce", url=sf.LOGIN,
                            username=sf.CLIENT_ID,
                            options={"flow": "jwt", "user": "integration@acme.example"})
    org = sf.FakeOrg()

    async def work(connector):
        return await connector.check()

    assert "API calls left" in _run(org, work, profile,
                                    MemorySecrets({("sf-jwt", "private_key"): pem}))
    claims = jwt.decode(org.jwt_assertions[0], key.public_key(), algorithms=["RS256"],
                        audience=sf.LOGIN)
    assert (claims["iss"], claims["sub"]) == (sf.CLIENT_ID, "integration@acme.example")


def _write(org: sf.FakeOrg, action, key: str):
    method, path, body = http_request(action.kind.value, action.target_id, action.payload)

    async def work(connector):
        return await connector.write(method, path, body, key, action.version)

    return _run(org, work)


def test_an_activity_that_timed_out_after_it_was_applied_is_not_duplicated_on_retry():
    org = _org_with_order()
    org.time_out_after_apply = 1
    note = activity("sf-prod", ORDER_ID, "customer_notice", "New date: 25 March", "Dear …")
    with pytest.raises(SourceUnavailable, match="timeout"):
        _write(org, note, "act-0001")
    result = _write(org, note, "act-0001")
    assert result.replayed is True
    assert len(org.rows["Task"]) == 1
    assert org.rows["Task"][0]["WhatId"] == ORDER_ID
    assert result.record["order_id"] == ORDER_ID
    assert result.record["kind"] == "customer_notice"


def test_a_new_activity_is_created_once():
    org = _org_with_order()
    result = _write(org, activity("sf-prod", ORDER_ID, "note", "Called the buyer"), "act-2")
    assert (result.status, result.replayed) == (201, False)
    assert [t["Gemba_Action_Id__c"] for t in org.rows["Task"]] == ["act-2"]


def _order_version(org: sf.FakeOrg) -> int:
    [first, _] = _read(org, "crm.orders")
    return first.records[0].version


def test_a_promised_date_on_a_changed_order_is_refused_like_a_412():
    org = _org_with_order()
    seen = _order_version(org)
    org.rows["Order"][0]["SystemModstamp"] = sf.stamp(8)  # someone edited the order since
    change = promise_date("sf-prod", ORDER_ID, 1, date(2026, 3, 27), seen, "capacity", "amy")
    with pytest.raises(SourceRefused) as raised:
        _write(org, change, "pd-1")
    assert raised.value.status == 412 and "changed in Salesforce" in str(raised.value)
    assert org.rows["Order"][0]["OrderItems"]["records"][0]["Gemba_Promised_Date__c"] is None


def test_a_promised_date_is_written_and_a_retry_after_a_timeout_is_a_replay():
    org = _org_with_order()
    change = promise_date("sf-prod", ORDER_ID, 1, date(2026, 3, 27), _order_version(org))
    org.time_out_after_apply = 1
    with pytest.raises(SourceUnavailable):
        _write(org, change, "pd-2")
    item = org.rows["Order"][0]["OrderItems"]["records"][0]
    assert item["Gemba_Promised_Date__c"] == "2026-03-27"
    result = _write(org, change, "pd-2")  # the version changed by our own write: still fine
    assert result.replayed is True
    assert result.record["lines"][0]["promised_date"] == "2026-03-27"


def test_a_finding_is_one_case_comment_even_when_sent_twice():
    org = sf.FakeOrg()
    org.add("Case", sf.case(CASE_ID, "00001026", ACCOUNT_ID, sf.stamp(3)))
    org.time_out_after_apply = 1
    found = finding("sf-prod", CASE_ID, "Bore gauge drifted on line 2")
    with pytest.raises(SourceUnavailable):
        _write(org, found, "fd-1")
    result = _write(org, found, "fd-1")
    comments = org.rows["Case"][0]["CaseComments"]["records"]
    assert len(comments) == 1 and comments[0]["CommentBody"].endswith("[gemba:fd-1]")
    assert result.replayed is True
    assert result.record["findings"] == ["Bore gauge drifted on line 2"]


def test_a_write_the_contract_has_but_salesforce_does_not_is_refused():
    org = sf.FakeOrg()

    async def work(connector):
        return await connector.write("POST", "/mes/v1/work-orders/W1/priority",
                                     {"priority": 1}, "k", 3)

    with pytest.raises(SourceRefused, match="does not take"):
        _run(org, work)


def test_a_missing_custom_field_is_said_in_words():
    org = _org_with_order()
    profile = SourceProfile(name="sf-prod", role="crm", backend="salesforce", url=sf.LOGIN,
                            username=sf.CLIENT_ID,
                            options={"promise_reason_field": "Promise_Reason__c"})
    change = promise_date("sf-prod", ORDER_ID, 2, date(2026, 3, 28), None, "late steel")
    method, path, body = http_request(change.kind.value, change.target_id, change.payload)

    async def work(connector):
        return await connector.write(method, path, body, "pd-3", None)

    with pytest.raises(SourceRefused) as raised:
        _run(org, work, profile)
    assert "does not know a field" in str(raised.value)
    assert "Promise_Reason__c" in str(raised.value)


def test_token_endpoint_that_is_not_salesforce_is_said_in_words():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>intranet</html>")

    async def go():
        connector = from_profile(PROFILE, SECRETS, transport=httpx.MockTransport(handler))
        try:
            return await connector.check()
        finally:
            await connector.aclose()

    with pytest.raises(BadPayload, match="not like a Salesforce login server"):
        asyncio.run(go())


def test_progress_goes_to_the_documented_custom_fields_and_is_refused_without_them():
    from app.sync.actions import progress

    values = {"progress_percent": 70, "stage": "assembly", "predicted_completion": "2026-03-25",
              "at_risk": False, "summary": "2 of 2 lines in assembly, expected 25 Mar."}
    org = _org_with_order()
    with pytest.raises(SourceRefused, match="No such column 'Gemba_"):
        _write(org, progress("sf-prod", ORDER_ID, 1, values), "pg-1")
    org = _org_with_order()
    order = org.rows["Order"][0]
    order["Gemba_Progress_Summary__c"] = None
    for item in order["OrderItems"]["records"]:
        item.update({"Gemba_Progress__c": None, "Gemba_Stage__c": None,
                     "Gemba_Predicted_Completion__c": None, "Gemba_At_Risk__c": False})
    result = _write(org, progress("sf-prod", ORDER_ID, 1, values), "pg-2")
    assert result.status == 200
    first = order["OrderItems"]["records"][0]
    assert (first["Gemba_Progress__c"], first["Gemba_Stage__c"],
            first["Gemba_Predicted_Completion__c"], first["Gemba_At_Risk__c"]) == (
        70, "assembly", "2026-03-25", False)
    assert order["Gemba_Progress_Summary__c"] == values["summary"]
    assert order["OrderItems"]["records"][1]["Gemba_Progress__c"] is None


def _quote_org() -> sf.FakeOrg:
    org = sf.FakeOrg()
    org.add("PricebookEntry", sf.pricebook_entry("01u5g0000000PBEAAA", "P-300", 42.5))
    org.add("Opportunity")
    return org


def _a_quote():
    return quote("sf-prod", "H-7", customer_id=ACCOUNT_ID, product_id="P-300",
                 quantity="500", unit="Each", requested=date(2027, 3, 1),
                 quoted=date(2027, 3, 8), priority=2, expires=date(2026, 3, 23),
                 options={"colour": "red"}, customer_po="call with Amy")


def test_a_quote_is_one_opportunity_with_its_line_marked_with_its_key():
    org = _quote_org()
    result = _write(org, _a_quote(), "quote:sf-prod:H-7")
    assert (result.status, result.replayed) == (201, False)
    [opportunity] = org.rows["Opportunity"]
    assert (opportunity["Name"], opportunity["AccountId"], opportunity["StageName"],
            opportunity["CloseDate"], opportunity["Pricebook2Id"],
            opportunity["Gemba_Quote_Id__c"]) == (
        "call with Amy", ACCOUNT_ID, "Proposal/Price Quote", "2027-03-08",
        "01s5g00000STDBOOKAA", "quote:sf-prod:H-7")
    [line] = org.rows["OpportunityLineItem"]
    assert (line["OpportunityId"], line["PricebookEntryId"], line["Quantity"],
            line["UnitPrice"], line["ServiceDate"], line["Description"]) == (
        opportunity["Id"], "01u5g0000000PBEAAA", 500.0, 42.5, "2027-03-08", "colour = red")
    assert [c["allOrNone"] for c in org.composites] == [True]
    assert (result.record["id"], result.record["number"], result.record["status"]) == (
        opportunity["Id"], "call with Amy", "draft")


def test_a_quote_whose_answer_was_lost_is_answered_with_the_opportunity_it_made():
    org = _quote_org()
    org.time_out_after_apply = 1
    with pytest.raises(SourceUnavailable, match="timeout"):
        _write(org, _a_quote(), "quote:sf-prod:H-7")
    retry = _write(org, _a_quote(), "quote:sf-prod:H-7")
    assert (retry.status, retry.replayed) == (200, True)
    assert len(org.composites) == 1
    [opportunity] = org.rows["Opportunity"]
    assert len(org.rows["OpportunityLineItem"]) == 1
    assert (retry.record["id"], retry.record["number"]) == (opportunity["Id"], "call with Amy")


def test_a_quote_to_an_org_without_the_key_field_is_refused_naming_the_field():
    org = _quote_org()
    org.lacking.add("Gemba_Quote_Id__c")
    with pytest.raises(SourceRefused) as refused:
        _write(org, _a_quote(), "quote:sf-prod:H-7")
    assert refused.value.status == 400
    assert "no Opportunity field Gemba_Quote_Id__c" in str(refused.value)
    assert "External ID" in str(refused.value)
    assert org.composites == [] and org.rows["Opportunity"] == []


def test_a_quote_for_a_product_without_a_price_creates_nothing():
    org = _quote_org()
    org.rows["PricebookEntry"].clear()
    with pytest.raises(SourceRefused, match="no active standard price for product code 'P-300'"):
        _write(org, _a_quote(), "quote:sf-prod:H-7")
    assert org.composites == []


def test_a_refused_line_leaves_no_opportunity_behind():
    org = _quote_org()
    org.lacking.add("ServiceDate")  # only the line carries it: the composite fails half-way
    with pytest.raises(SourceRefused) as refused:
        _write(org, _a_quote(), "quote:sf-prod:H-7")
    assert "nothing was created" in str(refused.value)
    assert "line1: No such column 'ServiceDate'" in str(refused.value)
    assert "PROCESSING_HALTED" not in str(refused.value)
    assert org.rows["Opportunity"] == [] and "OpportunityLineItem" not in org.rows
