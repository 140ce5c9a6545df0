"""The shape and the history of the demo plant: what a fresh plant has already lived through."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.contract import FEEDS
from app.domain import Record
from app.sim.feeds import Change, FeedStore
from app.sim.plant import Plant

START = datetime(2025, 3, 12, 6, 0, tzinfo=UTC)


class RecordingFeeds(FeedStore):
    """Keeps every machine status put, to check how often status is published."""

    def __init__(self) -> None:
        super().__init__()
        self.status_puts: list[tuple[str, datetime, str, str | None]] = []

    def put(self, feed: str, record: Record, at: datetime) -> Change:
        if feed == "mes.machine_status":
            self.status_puts.append((record.id, at, str(record.state),  # type: ignore[attr-defined]
                                     record.work_order_id))  # type: ignore[attr-defined]
        return super().put(feed, record, at)


@pytest.fixture(scope="module")
def plant() -> Plant:
    return Plant(7, START, feeds=RecordingFeeds(), history=timedelta(days=2))


def live(plant: Plant, feed: str) -> list[dict[str, Any]]:
    return [c.body for c in plant.feeds[feed].changes_after(0) if not c.deleted]


def ts(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def test_isa95_hierarchy_has_three_lines_and_twenty_machines(plant: Plant) -> None:
    eq = {e["id"]: e for e in live(plant, "mes.equipment")}
    machines = [e for e in eq.values() if e["level"] == "machine"]
    assert len([e for e in eq.values() if e["level"] == "line"]) >= 3
    assert len(machines) >= 20
    assert sorted(plant.machine_ids) == sorted(e["id"] for e in machines)
    for m in machines:
        wc = eq[m["parent_id"]]
        line = eq[wc["parent_id"]]
        area = eq[line["parent_id"]]
        assert (wc["level"], line["level"], area["level"]) == ("work_center", "line", "area")
        assert area["parent_id"] is None
    [site] = live(plant, "mes.sites")
    assert site["time_zone"] == "Asia/Taipei"


def test_every_feed_of_the_contract_has_records(plant: Plant) -> None:
    empty = [spec.name for spec in FEEDS if not live(plant, spec.name)]
    assert empty == []


def test_state_events_do_not_overlap_and_close_in_order(plant: Plant) -> None:
    by_machine: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in live(plant, "mes.machine_events"):
        by_machine[e["machine_id"]].append(e)
    assert set(by_machine) == set(plant.machine_ids)
    for events in by_machine.values():
        events.sort(key=lambda e: (ts(e["start"]), e["id"]))
        for prev, nxt in zip(events, events[1:], strict=False):
            assert prev["end"] is not None and ts(prev["end"]) == ts(nxt["start"])
            assert ts(prev["start"]) <= ts(prev["end"])
        assert events[-1]["end"] is None
    states = Counter(e["state"] for e in live(plant, "mes.machine_events"))
    assert {"running", "idle", "setup", "down", "maintenance"} <= set(states)


def test_downtime_has_reasons_and_planned_maintenance(plant: Plant) -> None:
    downtime = live(plant, "mes.downtime")
    assert all(d["reason"] for d in downtime)
    assert {True, False} <= {d["planned"] for d in downtime}


def test_production_counts_cover_fixed_five_minute_intervals(plant: Plant) -> None:
    counts = live(plant, "mes.production_counts")
    for c in counts[:500]:
        start, end = ts(c["start"]), ts(c["end"])
        assert end - start == timedelta(minutes=5) and start.minute % 5 == 0
        assert Decimal(c["good"]) >= 0 and Decimal(c["scrap"]) >= 0
    assert sum(Decimal(c["good"]) for c in counts) > 1000


def test_status_is_published_per_interval_unless_something_changes(plant: Plant) -> None:
    puts = plant.feeds.status_puts  # type: ignore[attr-defined]
    last: dict[str, tuple[str, str | None]] = {}
    for mid, at, state, wo in puts:
        changed = last.get(mid) != (state, wo)
        last[mid] = (state, wo)
        if not changed:  # a plain refresh only happens at a count boundary
            assert at.second == 0 and at.microsecond == 0 and at.minute % 5 == 0, (mid, at)


def test_lot_genealogy_links_existing_lots_with_splits_and_merges(plant: Plant) -> None:
    lots = {lot["id"]: lot for lot in live(plant, "mes.lots")}
    links = live(plant, "mes.genealogy")
    assert links
    for link in links:
        assert link["parent_lot_id"] in lots and link["child_lot_id"] in lots
        assert Decimal(link["quantity"]) > 0
    children_of = Counter(link["parent_lot_id"] for link in links)
    parents_of = Counter(link["child_lot_id"] for link in links)
    assert max(children_of.values()) > 1  # one lot split over several
    assert max(parents_of.values()) > 1  # several merged into one
    kinds = Counter(lot["kind"] for lot in lots.values())
    assert kinds["raw"] and kinds["wip"] and kinds["finished"]
    raw = [lot for lot in lots.values() if lot["kind"] == "raw"]
    assert all(lot["supplier"] and lot["supplier_lot"] for lot in raw)
    for serial in live(plant, "mes.serials"):
        assert lots[serial["lot_id"]]["product_id"] == serial["product_id"]


def test_complaints_are_against_lots_shipped_to_that_customer(plant: Plant) -> None:
    shipped_to = {(lot["lot_id"], s["customer_id"]) for s in live(plant, "crm.shipments")
                  for lot in s["lots"]}
    complaints = live(plant, "crm.complaints")
    assert complaints
    for c in complaints:
        assert (c["lot_id"], c["customer_id"]) in shipped_to


def test_work_orders_link_to_order_lines_as_the_routing_plans(plant: Plant) -> None:
    orders = {o["id"]: o for o in live(plant, "crm.orders")}
    wos = live(plant, "mes.work_orders")
    per_line: dict[tuple[str, int], list[str]] = defaultdict(list)
    for wo in wos:
        linked = sum((Decimal(k["quantity"]) for k in wo["links"]), Decimal(0))
        assert linked <= Decimal(wo["quantity"])
        for k in wo["links"]:
            per_line[(k["order_id"], k["line_no"])].append(wo["id"])
            assert any(line["line_no"] == k["line_no"] for line in orders[k["order_id"]]["lines"])
    # one make-to-stock batch serving several order lines, and one line split over two orders
    assert any(len({(k["order_id"], k["line_no"]) for k in wo["links"]}) > 1 for wo in wos)
    assert any(len(ids) > 1 for ids in per_line.values())
    ops = [op for wo in wos for op in wo["operations"]]
    assert {"done", "pending"} <= {op["status"] for op in ops}
    done = [wo for wo in wos if wo["status"] == "completed"]
    assert done and all(Decimal(wo["good"]) > 0 for wo in done)
    assert all(Decimal(wo["good"]) == Decimal(wo["operations"][-1]["good"]) for wo in done)


def test_orders_have_requested_and_promised_dates_per_line(plant: Plant) -> None:
    orders = live(plant, "crm.orders")
    lines = [line for o in orders if o["status"] != "draft" for line in o["lines"]]
    assert lines and all(line["promised_date"] >= line["requested_date"] for line in lines
                         if not line["promise_history"])
    assert {o["status"] for o in orders} >= {"confirmed", "shipped"}


def test_calendars_have_shifts_holidays_and_maintenance(plant: Plant) -> None:
    cals = live(plant, "mes.calendars")
    assert len(cals) >= 2
    for cal in cals:
        assert 2 <= len(cal["shifts"]) <= 3 and cal["holidays"] and cal["maintenance"]


def test_advancing_changes_machine_states_and_work_order_progress() -> None:
    p = Plant(3, START, history=timedelta(hours=6))
    before_states = {mid: (s.state, s.since) for mid, s in
                     ((m.id, m.status) for m in p.floor.machines)}
    before_good = {wo.id: (wo.status, sum((op.good for op in wo.operations), Decimal(0)))
                   for wo in p.production.work_orders.values()}
    versions = {c.id: c.version for c in p.feeds["mes.work_orders"].changes_after(0)}
    p.advance(3 * 3600)
    after_states = {m.id: (m.status.state, m.status.since) for m in p.floor.machines}
    assert sum(before_states[k] != after_states[k] for k in before_states) >= 3

    def progress(wid: str) -> tuple[object, Decimal]:
        wo = p.production.work_orders[wid]
        return wo.status, sum((op.good for op in wo.operations), Decimal(0))

    progressed = [wid for wid, before in before_good.items() if progress(wid) != before]
    assert len(progressed) >= 3
    assert all(p.feeds["mes.work_orders"].get(w).version > versions[w] for w in progressed)


def test_every_counted_unit_names_its_work_order_and_product(plant: Plant) -> None:
    # A job that ends mid-interval still owns the units it made in that interval.
    made = [c for c in live(plant, "mes.production_counts")
            if Decimal(c["good"]) + Decimal(c["scrap"]) > 0]
    assert made
    assert all(c["work_order_id"] and c["product_id"] for c in made)
