"""Writes in the reference contract: idempotency keys and version checks."""

from __future__ import annotations

import uuid

import httpx

from tests.integration.conftest import read_all


def _an_order(client: httpx.Client) -> dict:
    orders, _ = read_all(client, "/crm/v1/orders")
    return next(o for o in orders if not o.get("deleted") and o["lines"])


def test_promise_change_is_applied_once_per_idempotency_key(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        order = _an_order(client)
        line = order["lines"][0]
        key = str(uuid.uuid4())
        request = {"promised_date": "2026-04-30", "reason": "customer asked", "by": "amy"}
        headers = {"Idempotency-Key": key, "If-Match": str(order["version"])}
        path = f"/crm/v1/orders/{order['id']}/lines/{line['line_no']}"
        first = client.patch(path, json=request, headers=headers)
        assert first.status_code == 200, first.text
        again = client.patch(path, json=request, headers=headers)
        assert again.status_code == 200 and again.content == first.content
        assert again.headers["Idempotent-Replayed"] == "true"

        stored = next(o for o in read_all(client, "/crm/v1/orders")[0] if o["id"] == order["id"])
        changed = next(x for x in stored["lines"] if x["line_no"] == line["line_no"])
        assert changed["promised_date"] == "2026-04-30"
        assert len(changed["promise_history"]) == len(line["promise_history"]) + 1
        assert stored["version"] == order["version"] + 1

        reused = client.patch(path, json={**request, "promised_date": "2026-05-01"},
                              headers=headers)
        assert reused.status_code == 422 and "different request" in reused.json()["error"]


def test_stale_or_missing_version_is_refused(client: httpx.Client) -> None:
    order = _an_order(client)
    path = f"/crm/v1/orders/{order['id']}/lines/{order['lines'][0]['line_no']}"
    body = {"promised_date": "2026-04-30"}
    stale = client.patch(path, json=body, headers={"Idempotency-Key": str(uuid.uuid4()),
                                                   "If-Match": str(order["version"] + 5)})
    assert stale.status_code == 412 and stale.json()["current_version"] == order["version"]
    missing = client.patch(path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert missing.status_code == 428
    no_key = client.patch(path, json=body, headers={"If-Match": str(order["version"])})
    assert no_key.status_code == 400 and "Idempotency-Key" in no_key.json()["error"]
    bad_date = client.patch(path, json={"promised_date": "soon"}, headers={
        "Idempotency-Key": str(uuid.uuid4()), "If-Match": str(order["version"])})
    assert bad_date.status_code == 400 and "promised_date" in bad_date.json()["error"]


def test_activity_finding_and_priority_writes(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        order = _an_order(client)
        created = client.post(f"/crm/v1/orders/{order['id']}/activities",
                              json={"kind": "note", "subject": "Called the customer"},
                              headers={"Idempotency-Key": "act-1"})
        assert created.status_code == 201 and created.json()["order_id"] == order["id"]
        listed = client.get(f"/crm/v1/orders/{order['id']}/activities").json()["items"]
        assert created.json()["id"] in [a["id"] for a in listed]

        complaint = read_all(client, "/crm/v1/complaints")[0][0]
        finding = client.post(f"/crm/v1/complaints/{complaint['id']}/findings",
                              json={"text": "Bore oversize on lot"},
                              headers={"Idempotency-Key": "find-1"})
        assert finding.status_code == 201
        assert "Bore oversize on lot" in finding.json()["findings"]

        work_order = read_all(client, "/mes/v1/work-orders")[0][0]
        wo_path = f"/mes/v1/work-orders/{work_order['id']}/priority"
        expedite = client.post(wo_path, json={"priority": 1}, headers={
            "Idempotency-Key": "prio-1", "If-Match": str(work_order["version"])})
        assert expedite.status_code == 200 and expedite.json()["priority"] == 1
        out_of_range = client.post(wo_path, json={"priority": 9}, headers={
            "Idempotency-Key": "prio-2", "If-Match": str(expedite.json()["version"])})
        assert out_of_range.status_code == 422
        unknown = client.post("/mes/v1/work-orders/NOPE/priority", json={"priority": 1},
                              headers={"Idempotency-Key": "prio-3", "If-Match": "1"})
        assert unknown.status_code == 404


def test_a_complaint_is_linked_to_a_lot_once_per_key(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        complaint = read_all(client, "/crm/v1/complaints")[0][0]
        lot = read_all(client, "/mes/v1/lots")[0][-1]
        path = f"/crm/v1/complaints/{complaint['id']}"
        headers = {"Idempotency-Key": "link-1", "If-Match": str(complaint["version"])}
        linked = client.patch(path, json={"lot_id": lot["id"]}, headers=headers)
        assert linked.status_code == 200 and linked.json()["lot_id"] == lot["id"]
        again = client.patch(path, json={"lot_id": lot["id"]}, headers=headers)
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json()["version"] == complaint["version"] + 1
        unknown = client.patch(path, json={"lot_id": "NO-SUCH-LOT"}, headers={
            "Idempotency-Key": "link-2", "If-Match": str(linked.json()["version"])})
        assert unknown.status_code == 422 and "no lot" in unknown.json()["error"]
