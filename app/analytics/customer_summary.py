"""One customer on one screen, for a call: open order lines with their risk, on-time delivery
by month, lead times, complaints, lots shipped, open opportunities and contacts.

Pure: the customer and the cached records in, plain data out (no Qt, no I/O). The records may
hold other customers' too (orders must: work orders are shared out over every customer's
lines); only this customer's are summed up.

- Open lines: lines still to deliver (`fulfilment.is_open_line`) whose risk is not "done".
  Progress and risk come from the caller when it has them (the Orders view's computation);
  otherwise they are worked out here with `fulfilment` and `order_risk`.
- Delivered line: everything ordered shipped, or the order shipped or closed with at least one
  shipment. Its delivery day is the local day (at the site) of its last shipment; it is on
  time when that day is on or before the promised (else requested) date.
- On-time history: per month of delivery, from the first month with a delivery to this month
  (at most the last `MONTHS` months); the overall rate counts every delivered line.
- Lead time: whole days from the order's creation (local day) to its line's delivery day.
- Complaints: every one, open before closed, then worst first, then oldest; age as
  `ages.age` gives it (time elapsed on the caller's clock, as every view shows it).
- Lots shipped: one row per lot per shipment, newest first.
- Opportunities: stage not won or lost; weighted = quantity × probability.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.analytics.ages import Age, age
from app.analytics.fulfilment import (
    LineKey,
    LineProgress,
    LinkingRules,
    Reason,
    is_open_line,
    link_orders,
    progress_by_line,
)
from app.analytics.order_risk import RISK_RANK, LineRisk, RiskLevel, line_risk, risk_context
from app.analytics.schedule.plan import Plan
from app.domain import (
    Complaint,
    ComplaintStatus,
    Contact,
    Customer,
    Equipment,
    Lot,
    MachineStatus,
    Opportunity,
    OpportunityStage,
    OrderStatus,
    Product,
    SalesOrder,
    Severity,
    Shipment,
    WorkOrder,
)

MONTHS = 12  # months of on-time history at most
RECENT_LEAD_TIMES = 10
ZERO = Decimal(0)
UTC = ZoneInfo("UTC")
_SEVERITY_RANK = {s: n for n, s in enumerate(
    (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW))}


@dataclass(frozen=True, slots=True)
class OpenLine:
    order_id: str
    number: str
    line_no: int
    status: OrderStatus
    product_id: str
    quantity: Decimal
    unit: str
    requested: date
    promised: date | None
    predicted: date | None
    progress: float  # 0..1
    done: Decimal
    risk: RiskLevel
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class MonthDelivery:
    month: date  # its first day
    on_time: int
    late: int

    @property
    def total(self) -> int:
        return self.on_time + self.late


@dataclass(frozen=True, slots=True)
class DeliveredLine:
    order_id: str
    number: str
    line_no: int
    product_id: str
    quantity: Decimal
    unit: str
    ordered: date  # the order's creation, local day
    due: date  # promised, else requested
    delivered: date  # the last shipment's local day
    lead_days: int
    days_late: int  # 0 when on time

    @property
    def on_time(self) -> bool:
        return self.days_late == 0


@dataclass(frozen=True, slots=True)
class Delivery:
    months: tuple[MonthDelivery, ...]
    on_time: int
    late: int
    median_lead_days: float | None
    recent: tuple[DeliveredLine, ...]  # newest delivery first, at most RECENT_LEAD_TIMES

    @property
    def total(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        """On-time share of every delivered line, None without deliveries."""
        return self.on_time / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class ComplaintItem:
    complaint_id: str
    number: str
    category: str
    severity: Severity
    status: ComplaintStatus
    opened: datetime
    age: Age
    order_number: str  # "" without an order
    product_id: str
    lot_number: str  # the lot's number, its id, or ""

    @property
    def is_open(self) -> bool:
        return self.status != ComplaintStatus.CLOSED


@dataclass(frozen=True, slots=True)
class ShippedLot:
    lot_id: str
    lot_number: str
    product_id: str
    shipped_at: datetime
    quantity: Decimal
    unit: str
    order_number: str
    line_no: int
    shipment_id: str


@dataclass(frozen=True, slots=True)
class OpenOpportunity:
    opportunity_id: str
    name: str
    product_id: str
    quantity: Decimal
    unit: str
    stage: OpportunityStage
    probability: Decimal
    expected_close: date

    @property
    def weighted(self) -> Decimal:
        return self.quantity * self.probability


@dataclass(frozen=True, slots=True)
class ContactItem:
    name: str
    email: str
    phone: str
    language: str


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    customer: Customer
    open_lines: tuple[OpenLine, ...]
    delivery: Delivery
    complaints: tuple[ComplaintItem, ...]
    lots: tuple[ShippedLot, ...]
    opportunities: tuple[OpenOpportunity, ...]
    contacts: tuple[ContactItem, ...]
    today: date
    risk_counts: dict[RiskLevel, int] = field(default_factory=dict)  # of the open lines

    @property
    def open_complaints(self) -> int:
        return sum(1 for c in self.complaints if c.is_open)

    @property
    def weighted_by_unit(self) -> dict[str, Decimal]:
        """Open opportunities' weighted quantity, summed per unit."""
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for opportunity in self.opportunities:
            out[opportunity.unit] += opportunity.weighted
        return dict(sorted(out.items()))


def customer_summary(customer: Customer, *, now: datetime, zone: ZoneInfo = UTC,
                     orders: Sequence[SalesOrder] = (), shipments: Sequence[Shipment] = (),
                     complaints: Sequence[Complaint] = (),
                     opportunities: Sequence[Opportunity] = (),
                     contacts: Sequence[Contact] = (), lots: Mapping[str, Lot] | None = None,
                     work_orders: Sequence[WorkOrder] = (), plan: Plan | None = None,
                     progress: Mapping[LineKey, LineProgress] | None = None,
                     risks: Mapping[LineKey, LineRisk] | None = None,
                     rules: LinkingRules | None = None, products: Sequence[Product] = (),
                     statuses: Sequence[MachineStatus] = (),
                     equipment: Sequence[Equipment] = ()) -> CustomerSummary:
    """`lots` by id (any lot shipped may be missing: its id stands in for its number).
    `progress` and `risks` by line: given, they are used as they are; missing, they are
    computed from `orders` (all customers'), `work_orders`, `plan`, `statuses`, `equipment`."""
    zone = plan.zone if plan is not None else zone
    today = now.astimezone(zone).date()
    lots = lots or {}
    mine = [o for o in orders if o.customer_id == customer.id]
    order_ids = {o.id for o in mine}
    my_shipments = [s for s in shipments if s.order_id in order_ids
                    or s.customer_id == customer.id]
    if progress is None or risks is None:
        progress, risks = _progress_and_risks(orders, mine, shipments, work_orders, plan, now,
                                              zone, rules, products, statuses, equipment)
    open_lines = _open_lines(mine, progress, risks)
    counts: dict[RiskLevel, int] = defaultdict(int)
    for line in open_lines:
        counts[line.risk] += 1
    return CustomerSummary(
        customer=customer, open_lines=tuple(open_lines),
        delivery=_delivery(mine, my_shipments, zone, today),
        complaints=tuple(_complaints(customer, complaints, mine, lots, now)),
        lots=tuple(_lots(my_shipments, mine, lots)),
        opportunities=tuple(_opportunities(customer, opportunities)),
        contacts=tuple(ContactItem(c.name, c.email, c.phone, c.language) for c in sorted(
            (c for c in contacts if c.customer_id == customer.id),
            key=lambda c: (c.name.casefold(), c.id))),
        today=today, risk_counts=dict(counts))


def _progress_and_risks(orders: Sequence[SalesOrder], mine: Sequence[SalesOrder],
                        shipments: Sequence[Shipment], work_orders: Sequence[WorkOrder],
                        plan: Plan | None, now: datetime, zone: ZoneInfo,
                        rules: LinkingRules | None, products: Sequence[Product],
                        statuses: Sequence[MachineStatus], equipment: Sequence[Equipment]
                        ) -> tuple[dict[LineKey, LineProgress], dict[LineKey, LineRisk]]:
    fulfilment = link_orders(orders, work_orders, rules or LinkingRules(), list(products))
    progress = progress_by_line(mine, work_orders, shipments, fulfilment)
    ctx = risk_context(now, zone, plan=plan, work_orders=work_orders, statuses=statuses,
                       equipment=equipment)
    risks: dict[LineKey, LineRisk] = {}
    for order in mine:
        for line in order.lines:
            key = (order.id, line.line_no)
            risks[key] = line_risk(order, line, fulfilment.by_line.get(key, []), progress[key],
                                   ctx)
    return progress, risks


def _open_lines(mine: Sequence[SalesOrder], progress: Mapping[LineKey, LineProgress],
                risks: Mapping[LineKey, LineRisk]) -> list[OpenLine]:
    out: list[OpenLine] = []
    for order in mine:
        for line in order.lines:
            key = (order.id, line.line_no)
            risk, done = risks.get(key), progress.get(key)
            if risk is None or done is None or not is_open_line(order, line) \
                    or risk.level == RiskLevel.DONE:
                continue
            out.append(OpenLine(
                order_id=order.id, number=order.number, line_no=line.line_no,
                status=order.status, product_id=line.product_id, quantity=line.quantity,
                unit=line.unit, requested=line.requested_date, promised=line.promised_date,
                predicted=risk.predicted_date, progress=done.fraction, done=done.done,
                risk=risk.level, reasons=risk.reasons))
    out.sort(key=lambda r: (RISK_RANK[r.risk], r.promised or r.requested, r.number, r.line_no))
    return out


def delivered_lines(mine: Sequence[SalesOrder], shipments: Sequence[Shipment],
                    zone: ZoneInfo) -> list[DeliveredLine]:
    """Every delivered line of `mine` (see the module docstring), newest delivery first."""
    by_line: dict[LineKey, list[Shipment]] = defaultdict(list)
    for shipment in shipments:
        by_line[(shipment.order_id, shipment.line_no)].append(shipment)
    out: list[DeliveredLine] = []
    for order in mine:
        if order.status == OrderStatus.CANCELLED:
            continue
        ordered = order.created_at.astimezone(zone).date()
        for line in order.lines:
            shipped = by_line.get((order.id, line.line_no))
            if not shipped:
                continue
            total = sum((s.quantity for s in shipped), ZERO)
            if total < line.quantity and order.status not in (OrderStatus.SHIPPED,
                                                              OrderStatus.CLOSED):
                continue
            delivered = max(s.shipped_at for s in shipped).astimezone(zone).date()
            due = line.promised_date or line.requested_date
            out.append(DeliveredLine(
                order_id=order.id, number=order.number, line_no=line.line_no,
                product_id=line.product_id, quantity=line.quantity, unit=line.unit,
                ordered=ordered, due=due, delivered=delivered,
                lead_days=(delivered - ordered).days,
                days_late=max(0, (delivered - due).days)))
    out.sort(key=lambda d: (d.delivered, d.number, d.line_no), reverse=True)
    return out


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return month.replace(year=month.year + 1, month=1) if month.month == 12 \
        else month.replace(month=month.month + 1)


def _delivery(mine: Sequence[SalesOrder], shipments: Sequence[Shipment], zone: ZoneInfo,
              today: date) -> Delivery:
    lines = delivered_lines(mine, shipments, zone)
    per_month: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for line in lines:
        per_month[_month(line.delivered)][0 if line.on_time else 1] += 1
    months: list[MonthDelivery] = []
    if lines:
        month, last = min(per_month), max(_month(today), max(per_month))
        while month <= last:
            on_time, late = per_month.get(month, (0, 0))
            months.append(MonthDelivery(month, on_time, late))
            month = _next_month(month)
    on_time = sum(1 for line in lines if line.on_time)
    return Delivery(
        months=tuple(months[-MONTHS:]), on_time=on_time, late=len(lines) - on_time,
        median_lead_days=statistics.median(line.lead_days for line in lines) if lines else None,
        recent=tuple(lines[:RECENT_LEAD_TIMES]))


def _complaints(customer: Customer, complaints: Sequence[Complaint], mine: Sequence[SalesOrder],
                lots: Mapping[str, Lot], now: datetime) -> list[ComplaintItem]:
    numbers = {o.id: o.number for o in mine}
    out: list[ComplaintItem] = []
    for c in complaints:
        if c.customer_id != customer.id:
            continue
        lot = lots.get(c.lot_id) if c.lot_id else None
        out.append(ComplaintItem(
            complaint_id=c.id, number=c.number, category=c.category, severity=c.severity,
            status=c.status, opened=c.opened_at,
            age=age(c.opened_at, now),
            order_number=numbers.get(c.order_id, c.order_id) if c.order_id else "",
            product_id=c.product_id or (lot.product_id if lot else ""),
            lot_number=lot.number if lot else (c.lot_id or "")))
    out.sort(key=lambda c: (not c.is_open, _SEVERITY_RANK[c.severity], c.opened, c.number))
    return out


def _lots(shipments: Sequence[Shipment], mine: Sequence[SalesOrder],
          lots: Mapping[str, Lot]) -> list[ShippedLot]:
    orders = {o.id: o for o in mine}
    out: list[ShippedLot] = []
    for shipment in shipments:
        order = orders.get(shipment.order_id)
        line_product = next((line.product_id for line in order.lines
                             if line.line_no == shipment.line_no), "") if order else ""
        for shipped in shipment.lots:
            lot = lots.get(shipped.lot_id)
            out.append(ShippedLot(
                lot_id=shipped.lot_id, lot_number=lot.number if lot else shipped.lot_id,
                product_id=lot.product_id if lot else line_product,
                shipped_at=shipment.shipped_at, quantity=shipped.quantity, unit=shipment.unit,
                order_number=order.number if order else shipment.order_id,
                line_no=shipment.line_no, shipment_id=shipment.id))
    out.sort(key=lambda r: (r.shipped_at, r.shipment_id, r.lot_number), reverse=True)
    return out


def _opportunities(customer: Customer,
                   opportunities: Sequence[Opportunity]) -> list[OpenOpportunity]:
    out = [OpenOpportunity(
        opportunity_id=o.id, name=o.name, product_id=o.product_id, quantity=o.quantity,
        unit=o.unit, stage=o.stage, probability=o.probability, expected_close=o.expected_close)
        for o in opportunities
        if o.customer_id == customer.id
        and o.stage not in (OpportunityStage.WON, OpportunityStage.LOST)]
    out.sort(key=lambda o: (o.expected_close, o.name, o.opportunity_id))
    return out
