"""The demo plant's year of history holds together: what a new user checks first.

Each invariant is checked over the whole history (the generated months and the detailed days
after them) of the default plant (a year, seed 7) and two other seeds.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import TypeAdapter

from app.analytics import kpi
from app.analytics.forecast import HOLT_WINTERS, forecast_series, weekly_demand
from app.analytics.oee import machine_oee, planned_windows
from app.domain import (
    OrderLine,
    OrderStatus,
    ProductionCount,
    SalesOrder,
    Shipment,
    StateEvent,
)
from app.sim import demand, scale
from app.sim.calendars import merge_windows, shift_instances
from app.sim.plant import Plant

START = datetime(2026, 3, 2, tzinfo=UTC)
SEEDS = (7, 3, 11)


def live(plant: Plant, feed: str) -> list[dict[str, Any]]:
    return [c.body for c in plant.feeds[feed].changes_after(0) if not c.deleted]


def ts(s: str | None) -> datetime:
    assert s is not None
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


class Feeds:
    """The plant's feeds as served, indexed the ways the checks need."""

    def __init__(self, plant: Plant) -> None:
        self.plant = plant
        self.lots = {x["id"]: x for x in live(plant, "mes.lots")}
        self.links = live(plant, "mes.genealogy")
        self.shipments = live(plant, "crm.shipments")
        self.orders = {x["id"]: x for x in live(plant, "crm.orders")}
        self.work_orders = {x["id"]: x for x in live(plant, "mes.work_orders")}
        self.made_at = {}  # lot id -> when its work order completed
        for wo in self.work_orders.values():
            if wo["status"] == "completed" and wo["output_lot_id"]:
                self.made_at[wo["output_lot_id"]] = max(ts(op["actual_end"])
                                                        for op in wo["operations"])


@pytest.fixture(scope="module", params=SEEDS)
def feeds(request: pytest.FixtureRequest) -> Feeds:
    return Feeds(Plant(request.param, START, history=scale.DEFAULT_HISTORY))


@pytest.fixture(scope="module")
def default_plant() -> Plant:
    return Plant(7, START, history=scale.DEFAULT_HISTORY)


def test_a_year_of_orders_from_twenty_to_forty_customers(feeds: Feeds) -> None:
    created = sorted(ts(o["created_at"]) for o in feeds.orders.values())
    assert len(created) >= 1000
    assert created[0] <= START - timedelta(days=360)
    customers = {o["customer_id"] for o in feeds.orders.values()}
    assert 20 <= len(customers) <= 40


def test_a_lot_is_made_before_it_is_consumed_or_shipped(feeds: Feeds) -> None:
    lots, made = feeds.lots, feeds.made_at
    for link in feeds.links:
        at = ts(link["linked_at"])
        parent, child = lots[link["parent_lot_id"]], lots[link["child_lot_id"]]
        # A lot's materials are linked when its work order starts: after they were made, and
        # before the lot itself is finished.
        assert ts(parent["created_at"]) <= ts(child["created_at"]) <= at, link
        if parent["id"] in made:
            assert made[parent["id"]] <= at, link
        if child["id"] in made:
            assert at <= made[child["id"]], link
    for s in feeds.shipments:
        for part in s["lots"]:
            lot = lots[part["lot_id"]]
            assert ts(lot["created_at"]) <= ts(s["shipped_at"]), s
            if lot["id"] in made:
                assert made[lot["id"]] <= ts(s["shipped_at"]), s


def test_backward_and_forward_genealogy_agree_on_quantities(feeds: Feeds) -> None:
    products = feeds.plant.products
    used: dict[str, Decimal] = defaultdict(Decimal)  # forward: consumed from a lot, or shipped
    into: dict[tuple[str, str], Decimal] = defaultdict(Decimal)  # backward: per component
    for link in feeds.links:
        parent = feeds.lots[link["parent_lot_id"]]
        assert link["unit"] == products[parent["product_id"]].unit
        used[parent["id"]] += Decimal(link["quantity"])
        into[(link["child_lot_id"], parent["product_id"])] += Decimal(link["quantity"])
    for s in feeds.shipments:
        for part in s["lots"]:
            used[part["lot_id"]] += Decimal(part["quantity"])
    for lot_id, quantity in used.items():
        assert quantity <= Decimal(feeds.lots[lot_id]["quantity"]), lot_id
    # What a lot consumed is what its bill of materials asks for (never more; all of it in
    # the generated history, where components do not run short).
    handed_over = feeds.plant.now - scale.detailed_window(None)
    for wo in feeds.work_orders.values():
        lot = feeds.lots.get(wo["output_lot_id"] or "")
        if lot is None:
            continue
        for item in products[wo["product_id"]].bom:
            need = item.quantity_per_unit * Decimal(wo["quantity"])
            got = into[(lot["id"], item.component_id)]
            assert got <= need, (wo["id"], item.component_id)
            if ts(lot["created_at"]) < handed_over:
                assert got == need, (wo["id"], item.component_id)


def test_operations_fall_within_their_machines_shifts(feeds: Feeds) -> None:
    plant = feeds.plant
    zone = plant.zone
    first = (START - scale.DEFAULT_HISTORY - timedelta(days=2)).astimezone(zone).date()
    windows: dict[str, list[tuple[datetime, datetime]]] = {}
    for cal in plant.calendars:
        merged = merge_windows(shift_instances(zone, cal.shifts, cal.holidays, first,
                                               START.astimezone(zone).date()))
        for wc in cal.work_center_ids:
            windows[wc] = merged

    def on_shift(wc: str, t: datetime) -> bool:
        ws = windows[wc]
        i = bisect.bisect_right(ws, (t, datetime.max.replace(tzinfo=UTC))) - 1
        return i >= 0 and ws[i][0] <= t <= ws[i][1]

    busy: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for wo in feeds.work_orders.values():
        previous_end = None
        for op in wo["operations"]:
            if op["actual_start"] is None:
                continue
            start = ts(op["actual_start"])
            assert on_shift(op["work_center_id"], start), (wo["id"], op)
            if previous_end is not None:
                assert start >= previous_end, (wo["id"], op)
            if op["actual_end"] is not None:
                end = ts(op["actual_end"])
                assert start <= end and on_shift(op["work_center_id"], end), (wo["id"], op)
                busy[op["machine_id"]].append((start, end))
                previous_end = end
    for machine, spans in busy.items():  # one operation at a time on a machine
        spans.sort()
        for (_, end), (nxt, _) in zip(spans, spans[1:], strict=False):
            assert end <= nxt, machine


def test_shipments_never_exceed_what_was_made_or_ordered(feeds: Feeds) -> None:
    per_line: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for s in feeds.shipments:
        assert sum(Decimal(p["quantity"]) for p in s["lots"]) == Decimal(s["quantity"])
        per_line[(s["order_id"], s["line_no"])] += Decimal(s["quantity"])
    for (order_id, line_no), shipped in per_line.items():
        line = next(x for x in feeds.orders[order_id]["lines"] if x["line_no"] == line_no)
        assert shipped <= Decimal(line["quantity"]), (order_id, line_no)


def test_no_date_runs_backwards(feeds: Feeds) -> None:
    plant, now = feeds.plant, feeds.plant.now
    for order in feeds.orders.values():
        assert ts(order["created_at"]) <= now
    for s in feeds.shipments:
        assert ts(feeds.orders[s["order_id"]]["created_at"]) <= ts(s["shipped_at"]) <= now
    shipped_lot_at = {(s["order_id"], p["lot_id"]): ts(s["shipped_at"])
                      for s in feeds.shipments for p in s["lots"]}
    for c in live(plant, "crm.complaints"):
        if c["lot_id"] and c["order_id"]:
            assert shipped_lot_at[(c["order_id"], c["lot_id"])] <= ts(c["opened_at"]) <= now
    for feed, field in (("mes.measurements", "measured_at"), ("mes.serials", "created_at"),
                        ("mes.defects", "recorded_at")):
        for x in live(plant, feed):
            if x.get("lot_id"):
                assert ts(feeds.lots[x["lot_id"]]["created_at"]) <= ts(x[field]) <= now, x
    by_machine: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in live(plant, "mes.machine_events"):
        by_machine[e["machine_id"]].append(e)
    for events in by_machine.values():  # one state at a time, without gaps
        events.sort(key=lambda e: (ts(e["start"]), e["id"]))
        for prev, nxt in zip(events, events[1:], strict=False):
            assert ts(prev["start"]) <= ts(prev["end"]) == ts(nxt["start"]), (prev, nxt)
    for d in live(plant, "mes.downtime"):
        assert d["end"] is None or ts(d["start"]) <= ts(d["end"])
    for feed in plant.feeds.feeds.values():  # each feed's changes in time order
        times = [c.at for c in feed.changes_after(0)]
        assert times == sorted(times), feed.spec.name


def test_history_is_the_same_for_the_same_seed() -> None:
    a = Plant(5, START, history=timedelta(days=20))
    b = Plant(5, START, history=timedelta(days=20))
    for name in ("crm.orders", "mes.genealogy", "mes.machine_events", "mes.measurements"):
        assert live(a, name) == live(b, name)
    assert len(live(a, "crm.orders")) > len(live(Plant(5, START, history=timedelta(days=2)),
                                                  "crm.orders"))


# --- what the views make of it (default plant) ----------------------------------------------
def domain_orders(plant: Plant) -> tuple[list[SalesOrder], list[Shipment]]:
    return list(plant.orders.orders.values()), list(plant.orders.shipments)


def test_on_time_delivery_varies_by_month(default_plant: Plant) -> None:
    zone = default_plant.zone
    orders, shipments = domain_orders(default_plant)
    by_month: dict[tuple[int, int], list[bool]] = defaultdict(list)
    for line in kpi.completed_lines(orders, shipments, zone):
        by_month[(line.completed_on.year, line.completed_on.month)].append(line.on_time)
    months = sorted(by_month)[1:-1]  # whole months only
    shares = [sum(by_month[m]) / len(by_month[m]) for m in months]
    assert len(shares) >= 10
    assert 0.80 <= sum(shares) / len(shares) <= 0.97
    assert max(shares) - min(shares) >= 0.04


def test_weekly_trends_are_filled_and_the_forecast_fits(default_plant: Plant) -> None:
    zone: ZoneInfo = default_plant.zone
    now = default_plant.now
    orders, shipments = domain_orders(default_plant)
    completed = kpi.completed_lines(orders, shipments, zone)
    # Every full week has a point (the current one has barely begun), the Overview's twelve
    # as well as a year's.
    for n_weeks in (kpi.SERIES_WEEKS, 52):
        for figure in (kpi.on_time_delivery, kpi.lead_time):
            trend = figure(completed, now, zone, n_weeks).series
            assert all(p.value is not None for p in trend[:-1]), figure
    history = weekly_demand(orders, default_plant.products, zone, now)
    assert len(history.weeks) >= 50
    for series in history.series.values():
        fitted = forecast_series(series, 12)
        assert fitted is not None and fitted.method == HOLT_WINTERS


def test_counts_and_running_time_agree_as_oee_reads_them(default_plant: Plant) -> None:
    """Performance near the machines' real speed (the routing's rate over the actual cycle):
    counts, routings and machine events tell one story."""
    plant = default_plant
    events: dict[str, list[StateEvent]] = defaultdict(list)
    counts: dict[str, list[ProductionCount]] = defaultdict(list)
    as_event, as_count = TypeAdapter(StateEvent), TypeAdapter(ProductionCount)
    for body in live(plant, "mes.machine_events"):
        e = as_event.validate_python(body)
        events[e.machine_id].append(e)
    for body in live(plant, "mes.production_counts"):
        c = as_count.validate_python(body)
        counts[c.machine_id].append(c)
    rate = {(pid, t.work_center_id): float(t.run_seconds_per_unit)
            for pid, p in plant.products.items() for t in p.routing.operations}
    calendar = {wc: cal for cal in plant.calendars for wc in cal.work_center_ids}
    for m in plant.floor.machines:
        for weeks_back in (40, 20, 8):
            # Whole local weeks: a count covers a shift, which a week's edge does not cut.
            monday = (plant.now - timedelta(weeks=weeks_back)).astimezone(plant.zone).date()
            end = datetime.combine(monday, time(0), tzinfo=plant.zone)
            start = end - timedelta(weeks=1)
            figures = machine_oee(
                events=events[m.id], counts=counts[m.id],
                planned=planned_windows(calendar[m.work_center_id], "Asia/Taipei", start, end),
                ideal_seconds_per_unit=lambda pid, wc=m.work_center_id: rate.get((pid, wc)),
                start=start, end=end)
            if figures.good + figures.scrap < 50:
                continue  # a machine with little work that week
            assert 0.8 <= (figures.performance or 0) <= 1.02, (m.id, weeks_back, figures)
            # (a drift episode can scrap a good part of a week's output)
            assert 0.5 <= (figures.quality or 0) <= 1.0, (m.id, weeks_back, figures)
            assert 0 < (figures.availability or 0) <= 1.0, (m.id, weeks_back, figures)


def test_breakdowns_follow_each_machine_types_pattern(default_plant: Plant) -> None:
    history_end = default_plant.now - scale.detailed_window(None)
    repairs: dict[str, list[float]] = defaultdict(list)
    wc_of = {m.id: m.work_center_id for m in default_plant.floor.machines}
    for d in live(default_plant, "mes.downtime"):
        if not d["planned"] and d["end"] and ts(d["end"]) < history_end:
            repairs[wc_of[d["machine_id"]]].append(
                (ts(d["end"]) - ts(d["start"])).total_seconds() / 60)
    assert set(repairs) == set(wc_of.values())
    # Heat treatment repairs take longest, deburring's shortest, as their patterns say.
    median = {wc: sorted(v)[len(v) // 2] for wc, v in repairs.items()}
    assert median["WC-150"] > median["WC-230"]


def test_complaints_are_tied_to_shipped_lots(default_plant: Plant) -> None:
    shipped = {(s.order_id, p.lot_id) for s in default_plant.orders.shipments for p in s.lots}
    complaints = live(default_plant, "crm.complaints")
    assert len(complaints) >= 20
    assert all((c["order_id"], c["lot_id"]) in shipped for c in complaints if c["lot_id"])
    assert {c["status"] for c in complaints} >= {"closed", "open"} or len(
        {c["status"] for c in complaints}) >= 2


def test_raw_materials_come_in_supplier_lots(default_plant: Plant) -> None:
    raw = [lot for lot in live(default_plant, "mes.lots") if lot["kind"] == "raw"]
    assert len(raw) >= 100
    assert all(lot["supplier"] and lot["supplier_lot"] for lot in raw)
    assert min(ts(lot["created_at"]) for lot in raw) < START - timedelta(days=300)


def _line(order: SalesOrder, no: int) -> OrderLine:
    return next(x for x in order.lines if x.line_no == no)


def test_a_bigger_plant_has_the_machines_and_open_orders_asked_for() -> None:
    plant = Plant(7, START, history=timedelta(days=2), machines=60, open_orders=400)
    assert len(plant.machine_ids) == 60
    assert {"M-111", "M-311"} <= set(plant.machine_ids)
    open_orders = [o for o in plant.orders.orders.values()
                   if o.status in ("confirmed", "in_production", "draft")]
    assert len(open_orders) >= 400
    assert all(_line(o, 1).promised_date >= date(2026, 1, 1) for o in open_orders)


def test_orders_open_at_the_hand_over_are_planned_for_what_is_left(feeds: Feeds) -> None:
    linked: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for wo in feeds.work_orders.values():
        for link in wo["links"]:
            linked[(link["order_id"], link["line_no"])] += Decimal(link["quantity"])
    shipped: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for s in feeds.shipments:
        shipped[(s["order_id"], s["line_no"])] += Decimal(s["quantity"])
    open_orders = [o for o in feeds.orders.values() if o["status"] in ("confirmed",
                                                                       "in_production")]
    assert open_orders
    for order in open_orders:
        for line in order["lines"]:
            key = (order["id"], line["line_no"])
            assert linked[key] >= Decimal(line["quantity"]) or shipped[key] > 0, key


def test_after_the_hand_over_orders_go_on_at_the_history_s_rate_and_mix() -> None:
    # Late October: the season's peak and a month's end, well above an even rate.
    start = datetime(2026, 10, 19, 1, 0, tzinfo=UTC)
    plant = Plant(11, start, history=scale.DEFAULT_HISTORY)
    plant.advance(14 * 86400)
    confirmed = [o for o in plant.orders.orders.values() if o.created_at >= start
                 and o.status not in (OrderStatus.CANCELLED, OrderStatus.DRAFT)]
    expected = sum(demand.weekly_rate(start.date() + timedelta(days=d), start.date()) / 7
                   for d in range(14))
    assert 0.75 * expected <= len(confirmed) <= 1.25 * expected, (len(confirmed), expected)
    lines = [line for o in confirmed for line in o.lines]
    large = sum(1 for line in lines if line.quantity > 150)
    assert large <= 0.06 * len(lines)  # the year's mix: few large lines (2 %), not 10 %
