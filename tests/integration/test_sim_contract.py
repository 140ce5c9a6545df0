"""The demo plant answers the reference contract as its OpenAPI document says."""

from __future__ import annotations

import httpx
import jsonschema
import pytest

from app.contract import FEEDS
from app.sim.server import openapi_document
from tests.integration.conftest import read_all

DOC = openapi_document()


def _validator(schema: dict) -> jsonschema.Draft202012Validator:
    # Refs in the document point at #/components/...; give the schema that root.
    return jsonschema.Draft202012Validator({**schema, "components": DOC["components"]})


def _response_schema(path: str, method: str, status: str) -> dict:
    return DOC["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def test_served_document_is_the_committed_one(client: httpx.Client) -> None:
    assert client.get("/openapi.json").json() == DOC


@pytest.mark.parametrize("spec", FEEDS, ids=[f.name for f in FEEDS])
def test_every_feed_answers_as_documented(client: httpx.Client, spec) -> None:
    items, token = read_all(client, spec.path, limit=2000)
    assert items, f"{spec.path} is empty in the demo plant"
    page = client.get(spec.path, params={"limit": "50"})
    errors = sorted(_validator(_response_schema(spec.path, "get", "200")).iter_errors(page.json()),
                    key=str)
    assert not errors, f"{spec.path}: {errors[0].message} at {list(errors[0].absolute_path)}"
    assert token


def test_order_activities_follow_the_document(client: httpx.Client) -> None:
    activities, _ = read_all(client, "/crm/v1/activities")
    order_id = activities[0]["order_id"]
    page = client.get(f"/crm/v1/orders/{order_id}/activities")
    path = "/crm/v1/orders/{order_id}/activities"
    assert not list(_validator(_response_schema(path, "get", "200")).iter_errors(page.json()))
    assert page.json()["items"]
    assert all(a["order_id"] == order_id for a in page.json()["items"])
    assert client.get("/crm/v1/orders/NO-SUCH/activities").status_code == 404


@pytest.mark.parametrize("feed", ["/crm/v1/orders", "/mes/v1/quality/measurements",
                                  "/mes/v1/machines/events", "/mes/v1/equipment"])
def test_paging_returns_every_item_exactly_once(client: httpx.Client, feed: str) -> None:
    everything = client.get(feed, params={"limit": "5000"}).json()["items"]
    paged, _ = read_all(client, feed, limit=7)
    ids = [item["id"] for item in paged]
    assert len(ids) == len(set(ids)), "an item came twice"
    assert paged == everything[: len(paged)] and len(paged) == len(everything)


def test_sync_token_returns_only_later_changes(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        before, token = read_all(client, "/mes/v1/work-orders")
        nothing_new = client.get("/mes/v1/work-orders", params={"sync_token": token}).json()
        assert nothing_new["items"] == [] and nothing_new["sync_token"] == token

        client.post("/sim/v1/clock/advance", json={"seconds": 4 * 3600}).raise_for_status()
        changed, _ = read_all(client, "/mes/v1/work-orders", sync_token=token)
        assert changed, "four simulated hours changed no work order"
        previous = {w["id"]: w for w in before}
        for wo in changed:
            if wo["id"] in previous:
                assert wo["version"] > previous[wo["id"]]["version"]
                assert wo != previous[wo["id"]]


def test_updated_since_filters_by_change_time(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        now = client.get("/sim/v1/clock").json()["now"]
        client.post("/sim/v1/clock/advance", json={"seconds": 1800}).raise_for_status()
        recent, _ = read_all(client, "/mes/v1/machines/events", updated_since=now)
        everything, _ = read_all(client, "/mes/v1/machines/events")
        assert 0 < len(recent) < len(everything)
        assert all(e["end"] is None or e["end"] >= now for e in recent)


def test_equipment_answers_not_modified_for_its_etag(client: httpx.Client) -> None:
    first = client.get("/mes/v1/equipment")
    etag = first.headers["ETag"]
    again = client.get("/mes/v1/equipment", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/mes/v1/equipment", headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"limit": "abc"}, "'limit' must be a whole number"),
        ({"limit": "0"}, "'limit' must be a whole number"),
        ({"limit": "999999"}, "'limit' must be a whole number"),
        ({"cursor": "not-a-cursor"}, "'cursor' is not a valid cursor"),
        ({"sync_token": "%%%"}, "'sync_token' is not a valid sync_token"),
        ({"updated_since": "yesterday"}, "'updated_since' must be an RFC 3339 time"),
        ({"updated_since": "2026-03-01T08:00:00"}, "needs a time zone"),
        ({"colour": "red"}, "unknown query parameter 'colour'"),
        ({"sync_token": "x", "updated_since": "2026-03-01T08:00:00Z"}, "send only one of"),
    ],
)
def test_malformed_query_gets_400_with_reason(client: httpx.Client, query, says) -> None:
    answer = client.get("/crm/v1/orders", params=query)
    assert answer.status_code == 400
    assert says in answer.json()["error"]


def test_cursor_of_another_feed_is_refused(client: httpx.Client) -> None:
    cursor = client.get("/crm/v1/orders", params={"limit": "1"}).json()["next_cursor"]
    answer = client.get("/crm/v1/customers", params={"cursor": cursor})
    assert answer.status_code == 400 and "another feed" in answer.json()["error"]


def test_unknown_endpoint_answers_json_404(client: httpx.Client) -> None:
    answer = client.get("/crm/v1/nothing-here")
    assert answer.status_code == 404 and "no such endpoint" in answer.json()["error"]


def _documented(path: str, method: str, status: str, body) -> list:
    schema = _response_schema(path, method, status)
    return sorted(_validator(schema).iter_errors(body), key=str)


def test_writes_and_control_answer_as_documented(plant) -> None:
    import uuid

    with httpx.Client(base_url=plant.url, timeout=30) as client:
        order = next(o for o in read_all(client, "/crm/v1/orders")[0]
                     if not o.get("deleted") and o["lines"])
        path = f"/crm/v1/orders/{order['id']}/lines/{order['lines'][0]['line_no']}"
        answer = client.patch(path, json={"promised_date": "2026-05-04"}, headers={
            "Idempotency-Key": str(uuid.uuid4()), "If-Match": str(order["version"])})
        assert not _documented("/crm/v1/orders/{order_id}/lines/{line_no}", "patch", "200",
                               answer.json())
        refused = client.patch(path, json={"promised_date": "2026-05-04"}, headers={
            "Idempotency-Key": str(uuid.uuid4()), "If-Match": "1"})
        assert not _documented("/crm/v1/orders/{order_id}/lines/{line_no}", "patch", "412",
                               refused.json())
        clock = client.post("/sim/v1/clock/advance", json={"seconds": 60}).json()
        assert not _documented("/sim/v1/clock/advance", "post", "200", clock)
        machine = client.get("/mes/v1/machines/status", params={"limit": "1"}).json()["items"][0]
        status = client.put(f"/sim/v1/machines/{machine['id']}/state", json={"state": "idle"})
        assert not _documented("/sim/v1/machines/{machine_id}/state", "put", "200",
                               status.json())
        fault = client.post("/sim/v1/faults", json={"path": "/crm", "kind": "http_500"})
        assert not _documented("/sim/v1/faults", "post", "201", fault.json())
        scenarios = client.get("/sim/v1/scenarios").json()
        assert not _documented("/sim/v1/scenarios", "get", "200", scenarios)
