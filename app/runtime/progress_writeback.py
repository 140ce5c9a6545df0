"""Progress back to the CRM: for each open order line, its progress %, stage, predicted
completion, at-risk flag and the order's sentence for the customer, written to the CRM through
the outbox, only when a value changed, and at most every N minutes per line.

Who writes: whoever runs the automation rules' rounds (app.automation.rules.round calls
`write_progress_if_due` after each round): the sync agent in shared mode, or the single desk
when there is no agent; a desk of a shared cache runs no rounds, so it writes nothing. The
write-back is the "progress_writeback" rule: switched off there, nothing is written; its
"minutes" is N.

Nothing is recomputed here: the predicted completion is the runtime's plan's
(Plan.line_completion_date), the at-risk flag the Orders view's risk (app.analytics.order_risk),
the stage and the sentence those of the progress report (app.reports). What was last written
per line is kept in `progress_writes`; the outbox item and that row go in one transaction, so a
crash between them neither loses nor repeats a write. While a CRM source has a progress write
parked (refused: e.g. its custom fields are not set up) nothing more is written to it, so a
missing setup costs one parked item, not one per line.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from app.domain import OrderStatus, SalesOrder

if TYPE_CHECKING:
    from app.analytics.schedule.plan import Plan
    from app.cache.store import CacheStore

log = logging.getLogger(__name__)

RULE_ID = "progress_writeback"
DEFAULT_MINUTES = 15
PASS_SECONDS = 60.0  # at most one pass this often per cache (the rounds come every 15 s)
# A pass takes about 1 ms an order here: at plant size (10,000 open orders) one pass over all
# would hold the runtime's thread for seconds each minute, and its first would queue a write
# for every line at once. So a pass takes the next orders in turn: an order comes round every
# (open orders / ORDERS_PER_PASS) passes, 10 minutes at 10,000.
ORDERS_PER_PASS = 1_000
WRITTEN_STATUSES = frozenset({OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION,
                              OrderStatus.SHIPPED})

LineKey = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Written:
    values: dict[str, Any]
    at: datetime


def progress_values(orders: Iterable[SalesOrder], *, work_orders: list, shipments: list,
                    customers: Mapping[str, Any], contacts: Mapping[str, list],
                    products: Mapping[str, Any], plan: Plan | None, now: datetime,
                    statuses: list = (), equipment: list = (), zone: Any = None
                    ) -> dict[LineKey, dict[str, Any]]:
    """What each line of `orders` would be written as: the body of
    PATCH /crm/v1/orders/{id}/lines/{n}/progress (app.contract.ProgressUpdate), JSON-able."""
    from app.analytics.fulfilment import line_progress, link_orders
    from app.analytics.order_risk import RiskLevel, line_risk, risk_context
    from app.reports.progress_report import build_progress_report, contact_language

    orders = list(orders)
    fulfilment = link_orders(orders, work_orders)
    by_id = {wo.id: wo for wo in work_orders}
    ships: dict[str, list] = {}
    for s in shipments:
        ships.setdefault(s.order_id, []).append(s)
    if zone is None:
        from zoneinfo import ZoneInfo

        zone = plan.zone if plan is not None else ZoneInfo("UTC")
    ctx = risk_context(now, zone, plan=plan, work_orders=by_id, statuses=list(statuses),
                       equipment=list(equipment))
    values: dict[LineKey, dict[str, Any]] = {}
    for order in orders:
        customer = customers.get(order.customer_id)
        language = contact_language(customer, contacts.get(order.customer_id, []))
        report = build_progress_report(order, "", fulfilment, by_id, ships.get(order.id, []),
                                       plan, (), {}, now.date(), language=language,
                                       products=products)
        for line, reported in zip(order.lines, report.lines, strict=True):
            key = (order.id, line.line_no)
            links = fulfilment.by_line.get(key, [])
            progress = line_progress(line, links, by_id, fulfilment.by_work_order,
                                     [s for s in ships.get(order.id, [])
                                      if s.line_no == line.line_no])
            risk = line_risk(order, line, links, progress, ctx)
            percent = int(progress.fraction * 100 + 1e-9)  # 99.6 % is not done yet
            values[key] = {
                "progress_percent": max(0, min(100, percent)),
                "stage": reported.stage,
                "predicted_completion": (reported.expected_date.isoformat()
                                         if reported.expected_date is not None else None),
                "at_risk": risk.level in (RiskLevel.LATE, RiskLevel.AT_RISK),
                "summary": report.summary,
            }
    return values


def due_writes(values: Mapping[LineKey, dict[str, Any]], written: Mapping[LineKey, Written],
               now: datetime, every: timedelta) -> list[LineKey]:
    """The lines to write now: a value differs from what was last written, and that write
    (if any) is at least `every` old. A line whose change waits for its interval is written
    with its values of then (the latest), not with each value it went through."""
    due: list[LineKey] = []
    for key, new in values.items():
        last = written.get(key)
        if last is not None and (last.values == new or now - last.at < every):
            continue
        due.append(key)
    return sorted(due)


def read_written(store: CacheStore, crm_source: str) -> dict[LineKey, Written]:
    from app.cache.schema_local import progress_writes as table

    with store.engine.connect() as conn:
        rows = conn.execute(select(table).where(table.c.crm_source == crm_source))
        return {(r.order_id, r.line_no): Written(dict(r.written), r.written_at) for r in rows}


def _parked_progress(store: CacheStore, crm_source: str) -> bool:
    from app.cache.schema_local import outbox

    query = select(outbox.c.id).where(and_(outbox.c.source == crm_source,
                                           outbox.c.action == "progress",
                                           outbox.c.state == "parked")).limit(1)
    with store.engine.connect() as conn:
        return conn.execute(query).first() is not None


def orders_in_turn(orders: list[SalesOrder], after: str | None, limit: int
                   ) -> tuple[list[SalesOrder], str | None]:
    """Up to `limit` of `orders` in id order, starting after the id `after` and wrapping round;
    and where the next pass starts (None: from the first)."""
    ordered = sorted(orders, key=lambda o: o.id)
    if len(ordered) <= limit:
        return ordered, None
    start = next((i for i, o in enumerate(ordered) if after is None or o.id > after), 0)
    chosen = (ordered[start:] + ordered[:start])[:limit]
    return chosen, chosen[-1].id


def _this_pass(store: CacheStore, orders: list[SalesOrder], limit: int) -> list[SalesOrder]:
    with _pass_lock:
        chosen, _next_after[store] = orders_in_turn(orders, _next_after.get(store), limit)
    return chosen


def write_progress(store: CacheStore, now: datetime, plan: Plan | None, *,
                   every: timedelta = timedelta(minutes=DEFAULT_MINUTES),
                   made_by: str = "automation", orders_per_pass: int = ORDERS_PER_PASS) -> int:
    """One pass: queue the progress writes due now in the outbox; returns how many. Blocking.
    A pass looks at up to `orders_per_pass` orders, the next ones in turn."""
    from app.audit import log as audit
    from app.cache import outbox
    from app.cache.schema_local import progress_writes as table
    from app.sync.actions import progress

    crm = (store.sources_of("crm.orders") or [None])[0]
    mes = (store.sources_of("mes.work_orders") or [None])[0]
    if crm is None or _parked_progress(store, crm):
        return 0
    written = read_written(store, crm)
    orders = [o for o in store.all(crm, "crm.orders") if o.status in WRITTEN_STATUSES]
    # A shipped order's lines are written once more, to say so; then they are left alone.
    orders = [o for o in orders if o.status != OrderStatus.SHIPPED or any(
        (o.id, x.line_no) in written and written[(o.id, x.line_no)].values.get("stage")
        != "shipped" for x in o.lines)]
    orders = _this_pass(store, orders, orders_per_pass)
    if not orders:
        return 0
    contacts: dict[str, list] = {}
    for c in store.all(crm, "crm.contacts"):
        contacts.setdefault(c.customer_id, []).append(c)
    records = (lambda feed: store.all(mes, feed)) if mes is not None else (lambda feed: [])
    values = progress_values(
        orders, work_orders=records("mes.work_orders"),
        shipments=store.all(crm, "crm.shipments"),
        customers={c.id: c for c in store.all(crm, "crm.customers")}, contacts=contacts,
        products={p.id: p for p in records("mes.products")}, plan=plan, now=now,
        statuses=records("mes.machine_status"), equipment=records("mes.equipment"))
    due = due_writes(values, written, now, every)
    if not due:
        return 0
    dialect = store.engine.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    with store.engine.begin() as conn:
        for order_id, line_no in due:
            action = progress(crm, order_id, line_no, values[(order_id, line_no)], made_by)
            item = outbox.add(conn, source=action.source, action=action.kind.value,
                              target_feed=action.target_feed, target_id=action.target_id,
                              payload=action.payload, made_by=action.made_by, now=now)
            audit.record_queued(conn, item)
            row = {"crm_source": crm, "order_id": order_id, "line_no": line_no,
                   "written": values[(order_id, line_no)], "written_at": now}
            statement = upsert(table).values(row)
            conn.execute(statement.on_conflict_do_update(
                index_elements=["crm_source", "order_id", "line_no"],
                set_={"written": statement.excluded.written,
                      "written_at": statement.excluded.written_at}))
    store.save_outbox_copy()
    log.info("progress: %d line(s) written back to %s", len(due), crm)
    return len(due)


_last_pass: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
_next_after: weakref.WeakKeyDictionary[Any, str | None] = weakref.WeakKeyDictionary()
_pass_lock = threading.Lock()


def write_progress_if_due(store: CacheStore, now: datetime, plan: Plan | None,
                          monotonic: float | None = None) -> int:
    """The hook a round calls: a pass when the write-back rule is on and the last pass on this
    cache is PASS_SECONDS old. Never raises (the rules' round must not fail for it)."""
    import time

    from app.automation.rules.store import load_rules

    try:
        rule = next((r for r in load_rules(store) if r.id == RULE_ID), None)
        if rule is None or not rule.enabled or not store.sources_of("crm.orders"):
            return 0  # off, or nothing read yet: the first pass comes with the first orders
        clock = time.monotonic() if monotonic is None else monotonic
        with _pass_lock:
            last = _last_pass.get(store)
            if last is not None and clock - last < PASS_SECONDS:
                return 0
            _last_pass[store] = clock
        minutes = rule.params.get("minutes", DEFAULT_MINUTES)
        return write_progress(store, now, plan, every=timedelta(minutes=float(minutes)))
    except Exception:
        log.exception("progress write-back failed")
        return 0
