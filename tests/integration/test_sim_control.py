"""The demo plant's control API: clock, machine states, faults, records, determinism."""

from __future__ import annotations

import json

import httpx
import pytest

from app.sim.faults import FaultBook, FaultKind
from tests.integration.conftest import read_all, start_paused_plant


def _machines(client: httpx.Client) -> dict[str, dict]:
    return {m["id"]: m for m in read_all(client, "/mes/v1/machines/status")[0]}


def test_clock_pauses_resumes_and_advances(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        clock = client.get("/sim/v1/clock").json()
        assert clock["paused"] is True
        advanced = client.post("/sim/v1/clock/advance", json={"seconds": 600}).json()
        assert advanced["now"] > clock["now"]
        resumed = client.post("/sim/v1/clock/resume", json={"speed": 3600}).json()
        assert resumed == {**advanced, "paused": False, "speed": 3600.0} or resumed["speed"] == 3600
        paused = client.post("/sim/v1/clock/pause").json()
        assert paused["paused"] is True and paused["now"] >= advanced["now"]
        refused = client.post("/sim/v1/clock/advance", json={"to": clock["now"]})
        assert refused.status_code == 400 and "before the simulated now" in refused.json()["error"]
        assert client.post("/sim/v1/clock/advance", json={}).status_code == 400


def test_advancing_changes_machine_states_and_work_order_progress(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        machines_before = _machines(client)
        orders_before = {w["id"]: w for w in read_all(client, "/mes/v1/work-orders")[0]}
        client.post("/sim/v1/clock/advance", json={"seconds": 8 * 3600}).raise_for_status()
        machines_after = _machines(client)
        orders_after = {w["id"]: w for w in read_all(client, "/mes/v1/work-orders")[0]}

    changed_state = [m for m in machines_after
                     if machines_after[m]["since"] != machines_before[m]["since"]]
    assert len(changed_state) >= 5, "eight simulated hours changed few machine states"
    progressed = [w for w in orders_after if w in orders_before
                  and float(orders_after[w]["good"]) > float(orders_before[w]["good"])]
    assert progressed, "no work order made progress in eight simulated hours"


def test_forcing_a_machine_down_shows_in_status_events_and_downtime(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        machine = sorted(_machines(client))[0]
        answer = client.put(f"/sim/v1/machines/{machine}/state",
                            json={"state": "down", "reason": "spindle bearing"})
        assert answer.status_code == 200 and answer.json()["state"] == "down"
        client.post("/sim/v1/clock/advance", json={"seconds": 3600}).raise_for_status()
        assert _machines(client)[machine]["state"] == "down"
        events = [e for e in read_all(client, "/mes/v1/machines/events")[0]
                  if e.get("machine_id") == machine]
        assert events[-1]["state"] == "down" and events[-1]["reason"] == "spindle bearing"
        downtime = [d for d in read_all(client, "/mes/v1/downtime")[0]
                    if d.get("machine_id") == machine and d["reason"] == "spindle bearing"]
        assert downtime
        assert client.put("/sim/v1/machines/NOPE/state", json={"state": "down"}).status_code == 404
        bad = client.put(f"/sim/v1/machines/{machine}/state", json={"state": "exploded"})
        assert bad.status_code == 400 and "state" in bad.json()["error"]


def test_deleted_record_comes_through_the_feed_as_a_tombstone(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        contacts, token = read_all(client, "/crm/v1/contacts")
        victim = contacts[0]["id"]
        assert client.delete(f"/sim/v1/records/crm.contacts/{victim}").status_code == 204
        changes, _ = read_all(client, "/crm/v1/contacts", sync_token=token)
        assert [c["id"] for c in changes] == [victim]
        assert changes[0]["deleted"] is True and changes[0]["deleted_at"]
        assert client.delete(f"/sim/v1/records/crm.contacts/{victim}").status_code == 404
        assert client.delete("/sim/v1/records/crm.nothing/1").status_code == 404


def test_orders_complaints_and_scenarios_can_be_added(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        _, token = read_all(client, "/crm/v1/orders")
        order = client.post("/sim/v1/orders", json={}).json()
        new_orders, _ = read_all(client, "/crm/v1/orders", sync_token=token)
        assert order["id"] in [o["id"] for o in new_orders]
        complaint = client.post("/sim/v1/complaints", json={"severity": "high"})
        assert complaint.status_code == 201 and complaint.json()["severity"] == "high"
        scenarios = client.get("/sim/v1/scenarios").json()["items"]
        assert {"breakdown", "drift", "rush-order", "complaint", "quiet"} <= {
            s["name"] for s in scenarios}
        for scenario in scenarios:
            assert client.post(f"/sim/v1/scenarios/{scenario['name']}").status_code == 200
        assert client.post("/sim/v1/scenarios/nope").status_code == 404


FAULT_SYMPTOMS = {
    FaultKind.HTTP_500: lambda c, p: c.get(p).status_code == 500,
    FaultKind.MALFORMED_JSON: lambda c, p: _not_json(c.get(p)),
    FaultKind.TRUNCATED_JSON: lambda c, p: _not_json(c.get(p)),
    FaultKind.INVALID_ITEMS: lambda c, p: c.get(p).json()["items"][0]["version"] == "not-a-number",
    FaultKind.DROP_CONNECTION: lambda c, p: _raises(c, p, httpx.RemoteProtocolError),
    FaultKind.TIMEOUT: lambda c, p: _raises(c, p, httpx.ReadTimeout, timeout=0.5),
}


def _not_json(response: httpx.Response) -> bool:
    try:
        json.loads(response.content)
    except ValueError:
        return response.status_code == 200
    return False


def _raises(client: httpx.Client, path: str, error: type, timeout: float = 10) -> bool:
    try:
        client.get(path, timeout=timeout)
    except error:
        return True
    return False


@pytest.mark.parametrize("kind", list(FaultKind))
def test_each_fault_switches_on_and_off(client: httpx.Client, kind: FaultKind) -> None:
    path = "/mes/v1/work-orders"
    fault = client.post("/sim/v1/faults", json={"path": path, "kind": kind, "delay_seconds": 3})
    assert fault.status_code == 201
    assert FAULT_SYMPTOMS[kind](client, path), f"{kind} had no effect"
    assert client.get("/crm/v1/orders", params={"limit": "1"}).status_code == 200, "leaked"
    assert client.get("/sim/v1/faults").json()["items"][0]["kind"] == kind
    assert client.delete(f"/sim/v1/faults/{fault.json()['id']}").status_code == 204
    healthy = client.get(path, params={"limit": "3"})
    assert healthy.status_code == 200 and len(healthy.json()["items"]) == 3


def test_fault_with_a_count_wears_off(client: httpx.Client) -> None:
    client.post("/sim/v1/faults", json={"path": "/crm", "kind": "http_500", "count": 2})
    codes = [client.get("/crm/v1/customers").status_code for _ in range(3)]
    assert codes == [500, 500, 200]
    bad = client.post("/sim/v1/faults", json={"path": "/crm", "kind": "gremlins"})
    assert bad.status_code == 400 and "kind" in bad.json()["error"]


def test_fault_with_a_rate_hits_that_share_of_requests_the_same_way_each_time(
        client: httpx.Client) -> None:
    def codes(seed: int) -> list[int]:
        fault = client.post("/sim/v1/faults", json={"path": "/crm", "kind": "http_500",
                                                    "rate": 0.25, "seed": seed}).json()
        assert (fault["rate"], fault["seed"]) == (0.25, seed)
        got = [client.get("/crm/v1/customers", params={"limit": "1"}).status_code
               for _ in range(40)]
        client.delete(f"/sim/v1/faults/{fault['id']}").raise_for_status()
        return got

    first = codes(5)
    assert codes(5) == first  # seeded: repeatable
    assert codes(6) != first
    assert set(first) == {200, 500} and 4 <= first.count(500) <= 18
    for rate in (0, 1.5):
        bad = client.post("/sim/v1/faults", json={"path": "/crm", "kind": "http_500",
                                                  "rate": rate})
        assert bad.status_code == 400 and "'rate'" in bad.json()["error"]


def test_a_rate_fault_hits_about_its_share() -> None:
    book = FaultBook()
    book.add("/", FaultKind.HTTP_500, rate=0.1, seed=1)
    hits = sum(book.take("GET", "/mes/v1/lots") is not None for _ in range(10_000))
    assert 900 <= hits <= 1100


def _snapshot(url: str) -> dict[str, bytes]:
    from app.contract import FEEDS

    with httpx.Client(base_url=url, timeout=30) as client:
        return {spec.path: client.get(spec.path, params={"limit": "5000"}).content
                for spec in FEEDS}


def test_same_seed_same_time_gives_byte_identical_answers() -> None:
    with start_paused_plant(seed=5) as one, start_paused_plant(seed=5) as two, \
            start_paused_plant(seed=6) as other:
        with httpx.Client(base_url=one.url, timeout=30) as a, \
                httpx.Client(base_url=two.url, timeout=30) as b, \
                httpx.Client(base_url=other.url, timeout=30) as c:
            a.post("/sim/v1/clock/advance", json={"seconds": 7200}).raise_for_status()
            for _ in range(24):  # the same two hours in small steps
                b.post("/sim/v1/clock/advance", json={"seconds": 300}).raise_for_status()
            c.post("/sim/v1/clock/advance", json={"seconds": 7200}).raise_for_status()
        first, second, different = _snapshot(one.url), _snapshot(two.url), _snapshot(other.url)
    assert first == second
    assert first != different
