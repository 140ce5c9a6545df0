"""The plant's KPIs as the Overview shows them, read from the cache and computed on the plant
runtime's thread with the runtime's plan (app.runtime.plant_runtime). `load` returns plain
frozen data.

Every CRM source's orders, shipments, customers and complaints; the first MES source (by name)
for equipment, OEE history, production counts and defects; every MES source's work orders,
machine status and products (as the Orders view reads them, so "at risk" counts the same).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.analytics import kpi
from app.analytics.fulfilment import LineKey, LinkingRules
from app.analytics.kpi import CompletedLine, Kpi, LineOee, MachineYield
from app.analytics.oee import OeeFigures, machine_oee
from app.analytics.order_risk import LineRisk, site_zone
from app.analytics.schedule.plan import Plan
from app.cache import queries
from app.cache.feed_maps import feed_map
from app.cache.store import CacheStore
from app.domain import Complaint, Customer, Product, ProductionCount, SalesOrder, Site, WorkOrder


@dataclass(frozen=True, slots=True)
class MachineName:
    name: str
    line: str


@dataclass(frozen=True, slots=True)
class OverviewFigures:
    now: datetime
    zone: ZoneInfo
    kpis: dict[str, Kpi]  # by Kpi.name, in the order the tiles show them
    orders: dict[str, tuple[str, SalesOrder]] = field(default_factory=dict)  # id -> (source, o)
    customers: dict[tuple[str, str], Customer] = field(default_factory=dict)
    completed: dict[LineKey, CompletedLine] = field(default_factory=dict)
    risks: dict[LineKey, LineRisk] = field(default_factory=dict)
    complaints: dict[str, Complaint] = field(default_factory=dict)
    work_orders: dict[str, WorkOrder] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    lines: dict[str, LineOee] = field(default_factory=dict)
    machine_yields: dict[str, MachineYield] = field(default_factory=dict)
    machines: dict[str, MachineName] = field(default_factory=dict)

    def customer_name(self, order_id: str) -> str:
        source, order = self.orders[order_id]
        customer = self.customers.get((source, order.customer_id))
        return customer.name if customer is not None else order.customer_id


def _all(store: CacheStore, feed: str) -> Iterable[tuple[str, Any]]:
    for source in store.sources_of(feed):
        for record in store.all(source, feed):
            yield source, record


def hourly_counts(store: CacheStore, source: str, start: datetime, end: datetime
                  ) -> list[ProductionCount]:
    """Production counts starting in [start, end), summed per machine, product and UTC hour
    (from the first start to the last end of the hour's counts): what yield and OEE need,
    a few percent of the rows (reading every row of weeks of history takes many seconds)."""
    table = feed_map("mes.production_counts").table
    if store.engine.dialect.name == "sqlite":
        bucket = func.substr(table.c.start, 1, 13)
    else:
        bucket = func.date_trunc("hour", table.c.start)
    query = (select(table.c.machine_id, table.c.product_id, bucket,
                    func.min(table.c.start), func.max(table.c.end),
                    func.sum(table.c.good), func.sum(table.c.scrap))
             .where(table.c.source == source, table.c.start >= start, table.c.start < end)
             .group_by(table.c.machine_id, table.c.product_id, bucket))
    out = []
    with store.engine.connect() as conn:
        for machine, product, hour, first, last, good, scrap in conn.execute(query):
            out.append(ProductionCount(
                id=f"{machine}|{product}|{hour}", machine_id=machine, work_order_id=None,
                product_id=product, start=first, end=last, good=Decimal(str(good or 0)),
                scrap=Decimal(str(scrap or 0))))
    out.sort(key=lambda c: (c.start, c.machine_id, c.id))
    return out


def _weekly_oee(store: CacheStore, source: str, counts: list[ProductionCount], now: datetime,
                zone: ZoneInfo) -> list[tuple[kpi.Week, dict[str, OeeFigures]]]:
    """Every machine's OEE figures per week for the last `OEE_WEEKS` weeks (the current one up
    to now), from one read of the state events and the counts already read."""
    from app.analytics.plant_oee import _planned, ideal_rates
    from app.runtime.oee_from_cache import machines as machine_infos

    span = kpi.weeks(now, zone, kpi.OEE_WEEKS)
    infos = machine_infos(store, source)
    calendars = store.all(source, "mes.calendars")
    rates = ideal_rates(store.all(source, "mes.products"))
    events: dict[str, list] = defaultdict(list)
    for event in queries.state_events(store, source, span[0].start, now, [m.id for m in infos]):
        events[event.machine_id].append(event)
    by_machine: dict[str, list[ProductionCount]] = defaultdict(list)
    for count in counts:
        if count.end > span[0].start:
            by_machine[count.machine_id].append(count)
    # Planned time counts only from the first state the cache holds: before it there is no
    # history (a console or a plant just started), not a machine standing still.
    firsts = [e[0].start for e in events.values() if e] + [c.start for c in counts[:1]]
    history_start = max(min(firsts, default=now), span[0].start)
    out = []
    for week in span:
        start, end = max(week.start, history_start), min(week.end, now)
        figures = {}
        if start >= end:
            out.append((week, figures))
            continue
        for info in infos:
            wc = info.work_center_id or ""

            def rate(product_id: str | None, wc: str = wc) -> float | None:
                return rates.get((product_id, wc)) if product_id is not None else None

            figures[info.id] = machine_oee(
                events=events[info.id], counts=by_machine[info.id],
                planned=_planned(calendars, info, start, end),
                ideal_seconds_per_unit=rate, start=start, end=end)
        out.append((week, figures))
    return out


def load(store: CacheStore, now: datetime, rules: LinkingRules | None = None,
         plan: Plan | None = None) -> OverviewFigures:
    sites: list[Site] = sorted((s for _, s in _all(store, "mes.sites")), key=lambda s: s.id)
    zone = site_zone(sites[0].time_zone if sites else None)
    orders = list(_all(store, "crm.orders"))
    order_list = [o for _, o in orders]
    shipments = [s for _, s in _all(store, "crm.shipments")]
    work_orders = [w for _, w in _all(store, "mes.work_orders")]
    products = {p.id: p for _, p in _all(store, "mes.products")}
    equipment = [e for _, e in _all(store, "mes.equipment")]
    statuses = [s for _, s in _all(store, "mes.machine_status")]
    complaints = [c for _, c in _all(store, "crm.complaints")]

    completed = kpi.completed_lines(order_list, shipments, zone)
    risks = kpi.line_risks(order_list, work_orders, shipments, now, zone,
                           products=list(products.values()), statuses=statuses,
                           equipment=equipment, rules=rules, plan=plan)

    mes = store.sources_of("mes.equipment")
    machines: dict[str, MachineName] = {}
    weekly: list[tuple[kpi.Week, dict]] = []
    counts: list[ProductionCount] = []
    defects = []
    line_of: dict[str, tuple[str, str]] = {}
    if mes:
        start = kpi.weeks(now, zone, kpi.SERIES_WEEKS)[0].start
        counts = hourly_counts(store, mes[0], start, now)
        defects = queries.defects(store, mes[0], start, now)
        weekly = _weekly_oee(store, mes[0], counts, now, zone)
        from app.runtime.oee_from_cache import machines as machine_infos

        infos = machine_infos(store, mes[0])
        machines = {m.id: MachineName(m.name, m.line_name) for m in infos}
        line_of = {m.id: (m.line_id or kpi.NO_LINE, m.line_name) for m in infos}
    oee, lines = (kpi.oee_by_line(weekly, line_of) if weekly
                  else kpi.oee_by_line([(kpi.weeks(now, zone, 1)[0], {})], {}))
    fpy, scrap, yields = kpi.yield_and_scrap(counts, defects, now, zone)
    figures = [
        kpi.on_time_delivery(completed, now, zone),
        kpi.lead_time(completed, now, zone),
        kpi.orders_at_risk(risks, order_list, shipments, now, zone),
        oee,
        fpy,
        scrap,
        kpi.open_complaints(complaints, now, zone),
        kpi.work_in_progress(work_orders, now, zone),
    ]
    return OverviewFigures(
        now=now, zone=zone, kpis={f.name: f for f in figures},
        orders={o.id: (source, o) for source, o in orders},
        customers={(source, c.id): c for source, c in _all(store, "crm.customers")},
        completed={c.key: c for c in completed}, risks=risks,
        complaints={c.id: c for c in complaints},
        work_orders={w.id: w for w in work_orders}, products=products,
        lines={r.line_id: r for r in lines},
        machine_yields={m.machine_id: m for m in yields}, machines=machines)
