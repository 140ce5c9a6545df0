"""Read what the rules look at from the cache (blocking: run it in a worker)."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.analytics.order_risk import site_zone
from app.analytics.quality_watch import WATCH_SPAN
from app.analytics.schedule.plan import Plan
from app.automation.rules.evaluate import RuleInputs
from app.automation.rules.model import Rule, RuleEvent
from app.automation.rules.store import fired_spans
from app.cache.queries import measurements
from app.cache.store import CacheStore


def inputs_from_cache(store: CacheStore, now: datetime, plan: Plan | None,
                      rules: list[Rule] | None = None) -> RuleInputs:
    """The first CRM and MES sources' records (as the console's plan uses them). Measurements
    are read only when an enabled SPC rule needs them, and only for the characteristics of
    products shipped to a key customer."""
    crm = (store.sources_of("crm.orders", "crm.complaints") or [None])[0]
    mes = (store.sources_of("mes.work_orders", "mes.equipment") or [None])[0]

    def records(source: str | None, feed: str) -> list:
        return store.all(source, feed) if source is not None else []

    sites = records(mes, "mes.sites")
    zone = plan.zone if plan is not None else site_zone(sites[0].time_zone if sites else None)
    orders = records(crm, "crm.orders")
    customers = records(crm, "crm.customers")
    shipments = records(crm, "crm.shipments")
    characteristics = []
    by_characteristic = {}
    spans: dict = {}
    if mes is not None and any(r.enabled and r.event == RuleEvent.SPC_KEY_CUSTOMER
                               for r in (rules or [])):
        key = {c.id for c in customers if c.key_account}
        lines = {(o.id, x.line_no): x.product_id for o in orders for x in o.lines}
        products = {lines.get((s.order_id, s.line_no)) for s in shipments
                    if s.customer_id in key}
        characteristics = [ch for ch in records(mes, "mes.characteristics")
                           if ch.product_id in products]
        start = now - WATCH_SPAN - timedelta(hours=1)
        by_characteristic = {ch.id: measurements(store, mes, ch.id, start=start)
                             for ch in characteristics}
        spans = fired_spans(store, now)
    return RuleInputs(
        now=now, zone=zone, crm_source=crm or "",
        orders=orders, work_orders=records(mes, "mes.work_orders"),
        statuses=records(mes, "mes.machine_status"), equipment=records(mes, "mes.equipment"),
        plan=plan, customers=customers, shipments=shipments,
        complaints=records(crm, "crm.complaints"), characteristics=characteristics,
        measurements=by_characteristic, fired_spans=spans,
        products={p.id: p for p in records(mes, "mes.products")} if any(
            r.enabled and r.param("family") for r in (rules or [])
            if r.event == RuleEvent.ORDER_WITHOUT_WORK_ORDER) else {})
