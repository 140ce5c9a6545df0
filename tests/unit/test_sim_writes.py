"""Writes to the demo plant: forced machine states, orders, promises, activities, complaints."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from app.domain import ActivityKind, MachineState, OrderStatus, Severity
from app.sim.plant import Plant

START = datetime(2025, 3, 12, 6, 0, tzinfo=UTC)  # Wednesday 14:00 in Hsinchu


@pytest.fixture
def plant() -> Plant:
    return Plant(21, START, history=timedelta(hours=12))


def events_of(plant: Plant, machine_id: str) -> list[dict]:
    out = [c.body for c in plant.feeds["mes.machine_events"].changes_after(0)
           if not c.deleted and c.body["machine_id"] == machine_id]
    return sorted(out, key=lambda e: (e["start"], e["id"]))


def test_forced_down_shows_everywhere_and_holds(plant: Plant) -> None:
    plant.advance(17.5)
    status = plant.set_machine_state("M-212", MachineState.DOWN, "gearbox noise")
    assert status.state is MachineState.DOWN and status.since == plant.now
    assert plant.feeds["mes.machine_status"].get("M-212").body["state"] == "down"
    *earlier, current = events_of(plant, "M-212")
    assert current["state"] == "down" and current["end"] is None
    assert current["reason"] == "gearbox noise"
    assert earlier[-1]["end"] == current["start"]
    [open_dt] = [c.body for c in plant.feeds["mes.downtime"].changes_after(0)
                 if c.body["machine_id"] == "M-212" and c.body["end"] is None]
    assert open_dt["reason"] == "gearbox noise" and open_dt["planned"] is False

    plant.advance(8 * 3600)  # shifts, breakdowns and maintenance come and go; the stop holds
    assert plant.floor.by_id["M-212"].status.state is MachineState.DOWN
    assert events_of(plant, "M-212")[-1]["id"] == current["id"]

    handed_back = plant.set_machine_state("M-212", MachineState.RUNNING)
    assert handed_back.state is not MachineState.DOWN
    closed = [c.body for c in plant.feeds["mes.downtime"].changes_after(0)
              if c.body["id"] == open_dt["id"]]
    assert closed[0]["end"] is not None


def test_forced_state_errors(plant: Plant) -> None:
    with pytest.raises(KeyError):
        plant.set_machine_state("M-999", MachineState.DOWN)
    with pytest.raises(ValueError):
        plant.set_machine_state("M-111", "exploded")  # type: ignore[arg-type]


def test_add_order_plans_linked_work_orders(plant: Plant) -> None:
    req = (START + timedelta(days=10)).date()
    order = plant.add_order(customer_id="C-005", customer_po="PO-1", priority=2, lines=[
        {"product_id": "P-310", "quantity": "50", "requested_date": req.isoformat(),
         "options": {"colour": "RAL 9005 black"}},
        {"product_id": "P-300", "quantity": 300, "requested_date": req},
    ])
    assert order.status is OrderStatus.CONFIRMED and order.number != order.id
    assert all(line.promised_date is not None and line.promised_date >= req
               for line in order.lines)
    assert plant.feeds["crm.orders"].get(order.id) is not None
    links = [(wo, k) for wo in plant.production.work_orders.values() for k in wo.links
             if k.order_id == order.id]
    per_line: dict[int, Decimal] = {}
    for wo, k in links:
        per_line[k.line_no] = per_line.get(k.line_no, Decimal(0)) + k.quantity
        assert plant.feeds["mes.work_orders"].get(wo.id) is not None
        assert wo.operations[0].work_center_id == "WC-310"  # the routing's first work center
    assert per_line == {1: Decimal(50), 2: Decimal(300)}
    assert len([1 for _, k in links if k.line_no == 2]) == 2  # a big line is split


@pytest.mark.parametrize(("change", "error"), [
    ({"customer_id": "C-404"}, KeyError),
    ({"lines": [{"product_id": "P-999", "quantity": 1, "requested_date": "2025-04-01"}]}, KeyError),
    ({"lines": [{"product_id": "RM-STEEL", "quantity": 1, "requested_date": "2025-04-01"}]},
     ValueError),
    ({"lines": [{"product_id": "P-300", "quantity": 0, "requested_date": "2025-04-01"}]},
     ValueError),
    ({"lines": [{"product_id": "P-300", "quantity": "abc", "requested_date": "2025-04-01"}]},
     ValueError),
    ({"lines": [{"product_id": "P-300", "quantity": "1.5", "requested_date": "2025-04-01"}]},
     ValueError),
    ({"lines": [{"product_id": "P-300", "quantity": 5, "requested_date": "2024-01-01"}]},
     ValueError),
    ({"lines": [{"product_id": "P-300", "quantity": 5, "requested_date": "soon"}]}, ValueError),
    ({"lines": []}, ValueError),
    ({"priority": 9}, ValueError),
])
def test_add_order_rejects_bad_input(plant: Plant, change: dict, error: type) -> None:
    seq = plant.feeds["crm.orders"].last_seq
    with pytest.raises(error):
        plant.add_order(**change)
    assert plant.feeds["crm.orders"].last_seq == seq  # nothing half-written


def test_random_order_is_plausible(plant: Plant) -> None:
    order = plant.add_order()
    assert order.customer_id in plant.accounts.customers and order.lines
    assert all(line.quantity > 0 and line.requested_date > plant.orders.today()
               for line in order.lines)


def test_set_promised_date_records_history(plant: Plant) -> None:
    order = next(o for o in plant.orders.orders.values()
                 if o.status in (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION))
    line = order.lines[0]
    old = line.promised_date
    version = plant.feeds["crm.orders"].get(order.id).version
    new = (START + timedelta(days=30)).date()
    plant.set_promised_date(order.id, line.line_no, new, reason="customer request", by="am.lin")
    body = plant.feeds["crm.orders"].get(order.id).body
    assert body["version"] == version + 1
    change = body["lines"][0]["promise_history"][-1]
    assert change["old_date"] == (old.isoformat() if old else None)
    assert change["new_date"] == new.isoformat() and change["by"] == "am.lin"
    with pytest.raises(KeyError):
        plant.set_promised_date("O-999999", 1, new)
    with pytest.raises(KeyError):
        plant.set_promised_date(order.id, 99, new)
    with pytest.raises(ValueError):
        plant.set_promised_date(order.id, 1, "31/12/2025")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        plant.set_promised_date(order.id, 1, date(2000, 1, 1))


def test_activities_findings_and_priorities(plant: Plant) -> None:
    order_id = next(iter(plant.orders.orders))
    act = plant.add_activity(order_id, ActivityKind.NOTE, "Called purchasing", "ok")
    assert plant.feeds["crm.activities"].get(act.id).body["order_id"] == order_id
    with pytest.raises(KeyError):
        plant.add_activity("O-404", ActivityKind.NOTE, "x")
    with pytest.raises(ValueError):
        plant.add_activity(order_id, "shout", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        plant.add_activity(order_id, ActivityKind.NOTE, "  ")

    complaint = plant.add_complaint()
    updated = plant.add_finding(complaint.id, "Bore measured 47.031 mm")
    assert updated.findings[-1] == "Bore measured 47.031 mm"
    assert plant.feeds["crm.complaints"].get(complaint.id).body["findings"][-1] == (
        "Bore measured 47.031 mm")
    with pytest.raises(KeyError):
        plant.add_finding("CMP-9999", "x")
    with pytest.raises(ValueError):
        plant.add_finding(complaint.id, "")

    wo = next(iter(plant.production.work_orders.values()))
    assert plant.set_work_order_priority(wo.id, 1).priority == 1
    assert plant.feeds["mes.work_orders"].get(wo.id).body["priority"] == 1
    for bad in (0, 6, "2", 2.0):
        with pytest.raises(ValueError):
            plant.set_work_order_priority(wo.id, bad)  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        plant.set_work_order_priority("WO-1", 2)


def test_complaint_picks_a_shipped_lot_of_its_customer(plant: Plant) -> None:
    c = plant.add_complaint(severity=Severity.CRITICAL)
    shipped = {(x.lot_id, s.customer_id) for s in plant.orders.shipments for x in s.lots}
    assert (c.lot_id, c.customer_id) in shipped and c.severity is Severity.CRITICAL
    with pytest.raises(KeyError):
        plant.add_complaint(lot_id="L-999999")
    with pytest.raises(KeyError):
        plant.add_complaint(customer_id="C-404")
    with pytest.raises(ValueError):
        plant.add_complaint(category="smell")


def test_delete_record_leaves_a_tombstone_that_stays(plant: Plant) -> None:
    plant.delete_record("mes.machine_status", "M-111")
    change = plant.feeds["mes.machine_status"]._current["M-111"]
    assert change.deleted and change.body["deleted"] is True
    plant.advance(1800)
    assert plant.feeds["mes.machine_status"].get("M-111") is None
    with pytest.raises(KeyError):
        plant.delete_record("mes.machine_status", "M-111")
    with pytest.raises(KeyError):
        plant.delete_record("crm.nothing", "x")
    # the history has its own deletions: a merged duplicate contact
    merged = [c for c in plant.feeds["crm.contacts"].changes_after(0) if c.deleted]
    assert merged and merged[0].body["merged_into"]


def test_every_scenario_loads(plant: Plant) -> None:
    assert set(Plant.SCENARIOS) >= {"breakdown", "drift", "rush-order", "complaint", "quiet"}
    with pytest.raises(KeyError):
        plant.load_scenario("meteor")
    for name in Plant.SCENARIOS:
        assert plant.load_scenario(name)
        plant.advance(600)


def test_breakdown_and_rush_order_scenarios(plant: Plant) -> None:
    plant.load_scenario("breakdown")
    down = [m for m in plant.floor.machines if m.status.state is MachineState.DOWN]
    assert down and down[0].status.since == plant.now
    orders_before = set(plant.orders.orders)
    plant.load_scenario("rush-order")
    [rush] = [o for oid, o in plant.orders.orders.items() if oid not in orders_before]
    assert rush.priority == 1 and plant.accounts.customers[rush.customer_id].key_account
    plant.load_scenario("complaint")
    latest = list(plant.complaints.complaints.values())[-1]
    assert latest.severity in (Severity.HIGH, Severity.CRITICAL) and latest.lot_id


def test_quiet_scenario_repairs_and_stops_faults(plant: Plant) -> None:
    plant.set_machine_state("M-321", MachineState.OFFLINE)
    plant.load_scenario("quiet")
    since = plant.now
    plant.advance(24 * 3600)
    faults = [c.body for c in plant.feeds["mes.machine_events"].changes_after(0)
              if c.body["state"] in ("down", "offline")
              and datetime.fromisoformat(c.body["start"].replace("Z", "+00:00")) > since]
    assert faults == []
    forced = [e for e in events_of(plant, "M-321") if e["state"] == "offline"]
    assert forced and all(e["end"] is not None for e in forced)
    assert all(m.status.state not in (MachineState.DOWN, MachineState.OFFLINE)
               for m in plant.floor.machines)
