"""What a customer progress report says about one order: per line the quantities done and
shipped, the stage of each linked work order (operations done of all, the work center it is
at), the expected date from the scheduler's Plan, and quality-certificate figures — the Cpk of
the key characteristics over the lots shipped (or, before anything shipped, over the linked work
orders' measurements). Plain data, no Qt; the widgets render it (widgets/reports/pdf_writer).

`build_progress_report` is pure; `read_progress_report` reads what it needs from the cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from app.analytics.fulfilment import (
    Fulfilment,
    LinkingRules,
    line_progress,
    link_orders,
)
from app.analytics.schedule.plan import Plan
from app.analytics.spc.capability import capability
from app.cache import queries
from app.cache.store import CacheStore
from app.domain import (
    Characteristic,
    Measurement,
    OperationStatus,
    Product,
    SalesOrder,
    Shipment,
    WorkOrder,
)

# Why a line has no expected date / why there are no quality figures: codes the writer words.
EXPECTED_COMPLETE = "complete"  # nothing left to make
EXPECTED_NO_PLAN = "no_plan"  # no plan from the scheduler yet
EXPECTED_UNPLANNED = "unplanned"  # the plan could not place all of it
QUALITY_NO_CHARACTERISTICS = "no_characteristics"
QUALITY_NO_MEASUREMENTS = "no_measurements"
BASIS_SHIPPED = "shipped"  # measurements of the lots shipped
BASIS_IN_PRODUCTION = "in_production"  # measurements of the linked work orders


@dataclass(frozen=True, slots=True)
class WorkOrderStage:
    number: str
    status: str
    quantity: Decimal  # the work order's
    good: Decimal
    unit: str
    operations_done: int
    operations_total: int
    current_work_center: str | None  # where it is now (running, else the next to do)


@dataclass(frozen=True, slots=True)
class LineReport:
    line_no: int
    product_id: str
    quantity: Decimal
    unit: str
    done: Decimal
    shipped: Decimal
    promised_date: date | None
    expected_date: date | None
    expected_note: str  # "" or one of the EXPECTED_* codes
    work_orders: tuple[WorkOrderStage, ...]
    stage: str = "not_started"  # app.reports.progress_sentence.STAGES: where the line stands


@dataclass(frozen=True, slots=True)
class QualityFigure:
    product_id: str
    characteristic: str
    unit: str
    lsl: Decimal | None
    usl: Decimal | None
    n: int
    cpk: float | None  # None: too few values, or no variation
    lots: tuple[str, ...]
    basis: str  # BASIS_SHIPPED or BASIS_IN_PRODUCTION


@dataclass(frozen=True, slots=True)
class ProgressReport:
    order_number: str
    customer_name: str
    customer_po: str
    made_on: date
    lines: tuple[LineReport, ...]
    quality: tuple[QualityFigure, ...]
    quality_note: str  # "" or one of the QUALITY_* codes
    language: str = "en"
    # The one sentence for the customer ("2 of 3 lines in assembly, expected 12 Dec"), in
    # `language`: the same words go to the CRM (app.runtime.progress_writeback).
    summary: str = ""


def work_order_stage(wo: WorkOrder) -> WorkOrderStage:
    ops = sorted(wo.operations, key=lambda op: op.sequence)
    done = sum(1 for op in ops if op.status == OperationStatus.DONE)
    running = [op for op in ops if op.status in (OperationStatus.RUNNING, OperationStatus.SETUP)]
    waiting = [op for op in ops if op.status != OperationStatus.DONE]
    current = (running or waiting or [None])[0]
    return WorkOrderStage(number=wo.number, status=str(wo.status), quantity=wo.quantity,
                          good=wo.good, unit=wo.unit, operations_done=done,
                          operations_total=len(ops),
                          current_work_center=current.work_center_id if current else None)


def key_characteristics(characteristics: Iterable[Characteristic],
                        product_ids: Iterable[str]) -> list[Characteristic]:
    """The critical characteristics of these products; all of a product's when none is."""
    wanted = set(product_ids)
    out: list[Characteristic] = []
    for product in sorted(wanted):
        own = [c for c in characteristics if c.product_id == product]
        critical = [c for c in own if c.critical]
        out += sorted(critical or own, key=lambda c: (c.operation_sequence, c.name, c.id))
    return out


def build_progress_report(order: SalesOrder, customer_name: str, fulfilment: Fulfilment,
                          work_orders: Mapping[str, WorkOrder], shipments: Sequence[Shipment],
                          plan: Plan | None, characteristics: Sequence[Characteristic],
                          measurements: Mapping[str, Sequence[Measurement]], made_on: date,
                          language: str = "en",
                          products: Mapping[str, Product] | None = None) -> ProgressReport:
    """The report of `order`. `measurements` by characteristic id (any lots: the ones that
    count are picked here); `products` by id name the operations a line's stage is told from."""
    from app.reports.progress_sentence import line_stage, order_sentence

    own_shipments = [s for s in shipments if s.order_id == order.id]
    lines: list[LineReport] = []
    linked: set[str] = set()
    for line in order.lines:
        key = (order.id, line.line_no)
        links = fulfilment.by_line.get(key, [])
        shipped = [s for s in own_shipments if s.line_no == line.line_no]
        progress = line_progress(line, links, work_orders, fulfilment.by_work_order, shipped)
        stages = []
        for link in links:
            wo = work_orders.get(link.work_order_id)
            if wo is not None:
                linked.add(wo.id)
                stages.append(work_order_stage(wo))
        expected, note = None, ""
        if plan is None:
            note = EXPECTED_COMPLETE if progress.complete else EXPECTED_NO_PLAN
        elif key in plan.line_finish:
            expected = plan.line_completion_date(key)
            note = "" if expected is not None else EXPECTED_UNPLANNED
        else:
            note = EXPECTED_COMPLETE
        own = [work_orders[k.work_order_id] for k in links if k.work_order_id in work_orders]
        lines.append(LineReport(line_no=line.line_no, product_id=line.product_id,
                                quantity=line.quantity, unit=line.unit, done=progress.done,
                                shipped=progress.shipped, promised_date=line.promised_date,
                                expected_date=expected, expected_note=note,
                                work_orders=tuple(stages),
                                stage=line_stage(progress, own, products or {})))

    made = {line.product_id for line in order.lines}
    made |= {work_orders[w].product_id for w in linked}
    keys = key_characteristics(characteristics, made)
    shipped_lots = {lot.lot_id for s in own_shipments for lot in s.lots}
    figures: list[QualityFigure] = []
    for char in keys:
        values = measurements.get(char.id, ())
        basis = BASIS_SHIPPED
        chosen = [m for m in values if m.lot_id is not None and m.lot_id in shipped_lots]
        if not shipped_lots:
            basis = BASIS_IN_PRODUCTION
            chosen = [m for m in values if m.work_order_id in linked]
        if not chosen:
            continue
        chosen.sort(key=lambda m: (m.measured_at, m.id))
        result = capability(np.array([float(m.value) for m in chosen]), char.lsl, char.usl,
                            subgroup_size=max(1, char.subgroup_size))
        lots = tuple(sorted({m.lot_id for m in chosen if m.lot_id}))
        figures.append(QualityFigure(product_id=char.product_id, characteristic=char.name,
                                     unit=char.unit, lsl=char.lsl, usl=char.usl, n=result.n,
                                     cpk=result.cpk, lots=lots, basis=basis))
    note = ""
    if not keys:
        note = QUALITY_NO_CHARACTERISTICS
    elif not figures:
        note = QUALITY_NO_MEASUREMENTS
    return ProgressReport(order_number=order.number, customer_name=customer_name,
                          customer_po=order.customer_po, made_on=made_on, lines=tuple(lines),
                          quality=tuple(figures), quality_note=note, language=language,
                          summary=order_sentence(lines, language))


def read_progress_report(store: CacheStore, crm_source: str, order_id: str,
                         mes_sources: Sequence[str], plan: Plan | None, made_on: date, *,
                         rules: LinkingRules | None = None,
                         fulfilment: Fulfilment | None = None) -> ProgressReport | None:
    """The report of one cached order (None when the cache does not hold it). Blocking: call
    it in a worker. Without `fulfilment`, lines are linked to the MES sources' work orders
    with `rules`; the customer's language chooses the report's."""
    order = store.get(crm_source, "crm.orders", order_id)
    if order is None:
        return None
    customer = store.get(crm_source, "crm.customers", order.customer_id)
    contacts = [c for c in store.all(crm_source, "crm.contacts")
                if c.customer_id == order.customer_id]
    shipments = [s for s in store.all(crm_source, "crm.shipments") if s.order_id == order.id]
    work_orders: dict[str, WorkOrder] = {}
    characteristics: list[Characteristic] = []
    catalogue: dict[str, Product] = {}
    for source in mes_sources:
        for wo in store.all(source, "mes.work_orders"):
            work_orders[wo.id] = wo
        catalogue.update((p.id, p) for p in store.all(source, "mes.products"))
    if fulfilment is None:
        fulfilment = link_orders([order], list(work_orders.values()), rules)
    products = {line.product_id for line in order.lines} | {
        work_orders[link.work_order_id].product_id for link in fulfilment.links
        if link.order_id == order.id and link.work_order_id in work_orders}
    measurements: dict[str, list[Measurement]] = {}
    for source in mes_sources:
        chars = [c for c in store.all(source, "mes.characteristics") if c.product_id in products]
        characteristics += chars
        for char in key_characteristics(chars, products):
            measurements.setdefault(char.id, []).extend(
                queries.measurements(store, source, char.id))
    return build_progress_report(
        order, customer.name if customer is not None else order.customer_id, fulfilment,
        work_orders, shipments, plan, characteristics, measurements, made_on,
        language=contact_language(customer, contacts), products=catalogue)


def contact_language(customer: Any, contacts: Sequence[Any]) -> str:
    """The language the customer is written to in: its first contact's, else its own."""
    from app.automation.notices import notice_language

    for contact in sorted(contacts, key=lambda c: c.id):
        if contact.language:
            return notice_language(contact.language)
    return notice_language(customer.language if customer is not None else "en")
