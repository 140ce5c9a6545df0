"""Bringing OrdersData up to date from a change set without reading and computing everything
again, and placing the new rows where the table model already holds them. No Qt here.

A full `load_orders` at plant size reads every record and weighs every line: seconds of CPU in
the worker that hold the interpreter. Most polls change a few orders, or only machine status;
`update_data` reads just those, links again (linking is global: one line's demand can move
another's links) and rebuilds only the rows whose inputs moved. Rows not rebuilt keep the
clock of the computation that made them, as they did between polls before; the view's
periodic full recompute (and a new local day here) brings every row to the same clock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from app.analytics.fulfilment import (
    Fulfilment,
    LineKey,
    Link,
    LinkingRules,
    line_progress,
    link_orders,
    shipments_by_line,
)
from app.analytics.order_risk import RiskContext, line_risk, machines_needed, risk_context
from app.analytics.schedule.plan import Plan
from app.cache.changes import RecordKey
from app.cache.store import CacheStore
from app.collector import collector_paused
from app.domain import MachineState, MachineStatus
from widgets.orders.order_columns import RowIndex, attention_order, index_rows
from widgets.orders.order_rows import (
    OrderRow,
    OrdersData,
    OrdersInputs,
    compute,
    customer_name,
    line_row,
    product_name,
    read_statuses,
    search_text,
)

# Full: everything was computed again (a reload, a recompute, or a new day).
# Lines: only the rows of changed orders, relinked lines and lines on changed machines.
FULL, LINES = "full", "lines"


@dataclass(frozen=True, slots=True)
class Update:
    data: OrdersData
    path: str  # FULL or LINES: how it was computed (tests and logs ask)
    redone: int  # rows computed again


def read_orders(inputs: OrdersInputs, store: CacheStore,
                keys: Collection[RecordKey]) -> OrdersInputs:
    """`inputs` with the orders of `keys` read again (gone from the cache: dropped), in the
    order `read_inputs` gives: by source, then id."""
    by_key = {(source, order.id): (source, order) for source, order in inputs.orders}
    wanted: dict[str, list[str]] = {}
    for source, order_id in keys:
        by_key.pop((source, order_id), None)
        wanted.setdefault(source, []).append(order_id)
    for source, ids in wanted.items():
        for order in store.get_many(source, "crm.orders", ids):
            by_key[(source, order.id)] = (source, order)
    return replace(inputs, orders=[by_key[k] for k in sorted(by_key)])


# What `link_orders` never reads of an order: a change to these alone keeps every link.
_NOT_LINKED_BY = ("version", "priority")


def _links_may_move(old: OrdersInputs, new: OrdersInputs, order_ids: set[str]) -> bool:
    before = {o.id: o for _, o in old.orders if o.id in order_ids}
    after = {o.id: o for _, o in new.orders if o.id in order_ids}
    if before.keys() != after.keys():
        return True  # an order came or went: its lines take or free work orders
    return any(replace(after[i], **{n: getattr(before[i], n) for n in _NOT_LINKED_BY})
               != before[i] for i in after)


def _down(statuses: Iterable[MachineStatus]) -> dict[str, datetime]:
    return {s.id: s.since for s in statuses if s.state == MachineState.DOWN}


def _changed_machines(old: Iterable[MachineStatus], new: Iterable[MachineStatus]) -> set[str]:
    """Machines that went down, came back, or went down again since another time: all that
    risk reads of a machine's status."""
    before, after = _down(old), _down(new)
    return {m for m in before.keys() | after.keys() if before.get(m) != after.get(m)}


def _relinked(old: Fulfilment, new: Fulfilment) -> set[LineKey]:
    """Lines whose links changed, or whose work orders' links did (a work order's good
    quantity is shared over all its links)."""
    lines = {k for k in old.by_line.keys() | new.by_line.keys()
             if old.by_line.get(k) != new.by_line.get(k)}
    for wo_id in old.by_work_order.keys() | new.by_work_order.keys():
        before, after = old.by_work_order.get(wo_id, ()), new.by_work_order.get(wo_id, ())
        if before != after:
            lines.update(link.line for link in (*before, *after))
    return lines


def _same_or_new(old: list, new: list) -> list:
    """The old list when equal: the view then knows by identity that nothing changed."""
    return old if old == new else new


def update_data(data: OrdersData, store: CacheStore, order_keys: Collection[RecordKey],
                statuses: bool, rules: LinkingRules, plan: Plan | None, now: datetime,
                *, full: bool = False) -> Update | None:
    """`data` with the orders of `order_keys` read again and, if `statuses`, machine status
    read again. `full` (new rules or plan, or time to refresh risk) computes every line. None
    when nothing the rows depend on changed."""
    inputs = data.inputs
    if order_keys:
        inputs = read_orders(inputs, store, order_keys)
    changed_machines: set[str] = set()
    if statuses:
        fresh = read_statuses(store)
        changed_machines = _changed_machines(inputs.statuses, fresh)
        if changed_machines:
            inputs = replace(inputs, statuses=fresh)
    zone = plan.zone if plan is not None else inputs.zone
    new_day = now.astimezone(zone).date() != data.now.astimezone(zone).date()
    if full or new_day or rules is not data.rules or plan is not data.plan:
        return Update(compute(inputs, rules, plan, now), FULL, -1)
    if not order_keys and not changed_machines:
        return None  # nothing went down or came back: risk stays as it is
    with collector_paused():
        return _update_lines(data, inputs, {k[1] for k in order_keys}, changed_machines, now)


def _update_lines(data: OrdersData, inputs: OrdersInputs, order_ids: set[str],
                  machines: set[str], now: datetime) -> Update:
    rules, plan = data.rules, data.plan
    fulfilment = data.fulfilment
    relink = bool(order_ids) and _links_may_move(data.inputs, inputs, order_ids)
    redo: set[LineKey] = set()
    if relink:
        fulfilment = link_orders([o for _, o in inputs.orders], inputs.work_orders, rules,
                                 list(inputs.products.values()))
        redo = _relinked(data.fulfilment, fulfilment)
        fulfilment = replace(
            fulfilment,
            unlinked_lines=_same_or_new(data.fulfilment.unlinked_lines,
                                        fulfilment.unlinked_lines),
            unlinked_work_orders=_same_or_new(data.fulfilment.unlinked_work_orders,
                                              fulfilment.unlinked_work_orders))
    orders = {o.id: (source, o) for source, o in inputs.orders}
    by_line = fulfilment.by_line
    zone = plan.zone if plan is not None else inputs.zone
    ctx = risk_context(now, zone, plan=plan, work_orders=data.work_orders,
                       statuses=inputs.statuses, equipment=inputs.equipment)
    # Progress reads links, work orders and shipments; risk reads those and machine status.
    new_progress = {k for k in redo if k[0] in orders} | {
        (i, line.line_no) for i in order_ids if i in orders for line in orders[i][1].lines}
    new_risk = set(new_progress)
    if machines:
        new_risk.update(key for key, links in _line_links(inputs, by_line)
                        if key not in new_risk and _uses(key, links, ctx, machines))
    progress, risks = dict(data.progress), dict(data.risks)
    gone = data.progress.keys() - _line_keys(inputs) if relink else set()
    for key in gone:  # lines of orders no longer in the cache
        del progress[key], risks[key]
    shipped = shipments_by_line(inputs.shipments) if new_progress else {}
    fresh: dict[LineKey, OrderRow] = {}
    for key in new_risk:
        source, order = orders[key[0]]
        line = next(x for x in order.lines if x.line_no == key[1])
        links = by_line.get(key, ())
        made = progress[key] = line_progress(
            line, links, data.work_orders, fulfilment.by_work_order, shipped.get(key, ())
        ) if key in new_progress else progress[key]
        risk = risks[key] = line_risk(order, line, links, made, ctx)
        customer = customer_name(inputs, source, order)
        fresh[key] = line_row(source, order, line, customer,
                              product_name(inputs.products, rules, line.product_id),
                              search_text(order, customer), made, risk, links)
    kept = [row for row in data.rows if row.key not in fresh and row.key not in gone]
    if not relink and all(fresh[row.key] == row for row in data.rows if row.key in fresh):
        # Nothing shown changed (a priority, a version): the rows and their index stay.
        return Update(replace(data, inputs=inputs, progress=progress, risks=risks,
                              orders=orders, now=now), LINES, len(fresh))
    rows = kept + list(fresh.values())
    index = index_rows(rows)
    first = attention_order(rows, index)
    rows = [rows[i] for i in first.tolist()]
    return Update(replace(
        data, inputs=inputs, rows=rows, fulfilment=fulfilment, progress=progress, risks=risks,
        orders=orders, now=now, index=index.take(first)), LINES, len(fresh))


def _line_keys(inputs: OrdersInputs) -> set[LineKey]:
    return {(o.id, line.line_no) for _, o in inputs.orders for line in o.lines}


def _line_links(inputs: OrdersInputs, by_line: dict[LineKey, list[Link]]
                ) -> Iterable[tuple[LineKey, Sequence[Link]]]:
    for _, order in inputs.orders:
        for line in order.lines:
            key = (order.id, line.line_no)
            yield key, by_line.get(key, ())


def _uses(key: LineKey, links: Sequence[Link], ctx: RiskContext, machines: set[str]) -> bool:
    return not machines.isdisjoint(machines_needed(key, links, ctx))


# -- where the rows go in the table model -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class Placement:
    """New rows in the model's order: the rows it keeps first (in its order), then the rows
    added (in attention order). `index.attention` gives each row's place in attention order,
    which the proxy breaks ties with, so what is shown sorts as before."""

    rows: list[OrderRow]
    index: RowIndex
    removed: list[int]  # old model rows gone, ascending
    kept: int  # rows[:kept] are the old rows kept, in their old order
    changed: list[int]  # rows among the kept whose values changed


def place(old: list[OrderRow], data: OrdersData) -> Placement:
    at = {row.key: n for n, row in enumerate(data.rows)}
    order: list[int] = []
    removed: list[int] = []
    for n, row in enumerate(old):
        found = at.pop(row.key, None)
        if found is None:
            removed.append(n)
        else:
            order.append(found)
    kept = len(order)
    order.extend(sorted(at.values()))
    new = data.rows
    rows = [new[n] for n in order]
    if removed:
        gone = set(removed)
        survivors = [row for n, row in enumerate(old) if n not in gone]
    else:
        survivors = old
    changed = [n for n in range(kept) if rows[n] is not survivors[n] and rows[n] != survivors[n]]
    perm = np.asarray(order, dtype=np.intp)
    index = replace(data.index.take(perm), attention=perm)
    return Placement(rows, index, removed, kept, changed)
