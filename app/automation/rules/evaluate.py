"""Evaluate the rules: records + plan + now in, occurrences out. Pure: no cache, no Qt.

Each occurrence's key names it the same way on every evaluation, so storing firings by
(rule id, key) fires each rule once per occurrence (app.automation.rules.store).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.analytics.fulfilment import Link, line_progress, link_orders
from app.analytics.order_risk import line_risk, risk_context
from app.analytics.quality_watch import (
    build_chart,
    default_chart,
    group_points,
    occurrences,
    values_of,
)
from app.analytics.schedule.plan import Plan
from app.analytics.spc import violations
from app.automation.rules.model import SEVERITIES, Occurrence, Rule, RuleEvent
from app.domain import (
    Characteristic,
    Complaint,
    ComplaintStatus,
    Customer,
    Equipment,
    MachineStatus,
    Measurement,
    OrderStatus,
    Product,
    SalesOrder,
    Shipment,
    WorkOrder,
)

OPEN_ORDER = frozenset({OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION})


@dataclass(frozen=True, slots=True)
class RuleInputs:
    """The records the rules look at (one CRM and one MES source), the plan and now."""

    now: datetime
    zone: ZoneInfo
    crm_source: str = ""
    orders: Sequence[SalesOrder] = ()
    work_orders: Sequence[WorkOrder] = ()
    statuses: Sequence[MachineStatus] = ()
    equipment: Sequence[Equipment] = ()
    plan: Plan | None = None
    customers: Sequence[Customer] = ()
    shipments: Sequence[Shipment] = ()
    complaints: Sequence[Complaint] = ()
    characteristics: Sequence[Characteristic] = ()
    measurements: Mapping[str, Sequence[Measurement]] = field(default_factory=dict)  # by char.
    # Control-chart occurrences fired before, (characteristic, rule) -> [(key, first, last)]:
    # a pattern that grows, merges or shifts keeps the key of the firing it overlaps.
    fired_spans: Mapping[tuple[str, str], Sequence[tuple[str, datetime, datetime]]] = field(
        default_factory=dict)
    products: Mapping[str, Product] = field(default_factory=dict)  # by id (product families)


class _Facts:
    """What several rules share, computed once per evaluation."""

    def __init__(self, inputs: RuleInputs) -> None:
        self.inputs = inputs
        self.links: list[Link] = link_orders(inputs.orders, inputs.work_orders).links
        self.by_line: dict[tuple[str, int], list[Link]] = {}
        self.by_wo: dict[str, list[Link]] = {}
        for link in self.links:
            self.by_line.setdefault(link.line, []).append(link)
            self.by_wo.setdefault(link.work_order_id, []).append(link)
        self.work_orders = {wo.id: wo for wo in inputs.work_orders}
        self.shipments: dict[tuple[str, int], list[Shipment]] = {}
        for s in inputs.shipments:
            self.shipments.setdefault((s.order_id, s.line_no), []).append(s)
        self.customers = {c.id: c for c in inputs.customers}
        self.names = {e.id: e.name for e in inputs.equipment}
        self.ctx = risk_context(inputs.now, inputs.zone, plan=inputs.plan,
                                work_orders=inputs.work_orders, statuses=inputs.statuses,
                                equipment=inputs.equipment)

    def progress(self, order: SalesOrder, line_no: int):  # -> LineProgress
        line = next(x for x in order.lines if x.line_no == line_no)
        return line_progress(line, self.by_line.get((order.id, line_no), []), self.work_orders,
                             self.by_wo, self.shipments.get((order.id, line_no), []))

    def customer_name(self, customer_id: str) -> str:
        c = self.customers.get(customer_id)
        return c.name if c is not None else customer_id


def evaluate(rules: Sequence[Rule], inputs: RuleInputs) -> list[Occurrence]:
    """Every occurrence of every enabled rule, in rule order then key order."""
    enabled = [r for r in sorted(rules, key=lambda r: (r.position, r.id)) if r.enabled]
    if not enabled:
        return []
    facts = _Facts(inputs)
    found: list[Occurrence] = []
    for rule in enabled:
        match rule.event:
            case RuleEvent.ORDER_WITHOUT_WORK_ORDER:
                found += order_without_work_order(rule, facts)
            case RuleEvent.MACHINE_DOWN_SLACK:
                found += machine_down_slack(rule, facts)
            case RuleEvent.COMPLETION_SLIP:
                found += completion_slip(rule, facts)
            case RuleEvent.SPC_KEY_CUSTOMER:
                found += spc_key_customer(rule, facts)
            case RuleEvent.COMPLAINT_SEVERE:
                found += complaint_severe(rule, facts)
    return found


def _line_name(order: SalesOrder, line_no: int) -> str:
    return f"{order.number}/{line_no}"


def order_without_work_order(rule: Rule, facts: _Facts) -> list[Occurrence]:
    """(1) A confirmed order line that no work order serves `hours` after the order came in."""
    inputs = facts.inputs
    from app.automation.release import in_family

    wait = timedelta(hours=float(rule.param("hours")))
    family = str(rule.param("family") or "")
    found: list[Occurrence] = []
    for order in inputs.orders:
        if order.status not in OPEN_ORDER or inputs.now - order.created_at < wait:
            continue
        for line in order.lines:
            if family and not in_family(inputs.products.get(line.product_id), line.product_id,
                                        family):
                continue
            key = (order.id, line.line_no)
            if facts.by_line.get(key):
                continue
            progress = facts.progress(order, line.line_no)
            if progress.complete:
                continue  # served from stock
            found.append(Occurrence(
                rule.id, rule.event, f"order_without_wo:{order.id}/{line.line_no}",
                order.created_at + wait, _line_name(order, line.line_no),
                {"hours": rule.param("hours"), "product": line.product_id,
                 "line_no": line.line_no,
                 "customer": facts.customer_name(order.customer_id),
                 "created_at": order.created_at.isoformat()},
                inputs.crm_source, order.id))
    return found


def _open_lines(facts: _Facts):
    plan = facts.inputs.plan
    if plan is None:
        return
    for order in facts.inputs.orders:
        if order.status not in OPEN_ORDER:
            continue
        for line in order.lines:
            if (order.id, line.line_no) in plan.line_finish:
                yield order, line


def machine_down_slack(rule: Rule, facts: _Facts) -> list[Occurrence]:
    """(2) A machine a line needs is down for longer than the line's slack (order_risk's
    "machine_down" reason)."""
    inputs = facts.inputs
    found: list[Occurrence] = []
    for order, line in _open_lines(facts):
        links = facts.by_line.get((order.id, line.line_no), [])
        risk = line_risk(order, line, links, facts.progress(order, line.line_no), facts.ctx)
        for reason in risk.reasons:
            if reason.code != "machine_down":
                continue
            values = dict(reason.values)
            machine = str(values["machine"])
            status = facts.ctx.statuses.get(machine)
            if status is None:
                continue
            down, slack = values["down"], values["slack"]
            found.append(Occurrence(
                rule.id, rule.event,
                f"machine_down_slack:{machine}:{status.since.isoformat()}:"
                f"{order.id}/{line.line_no}",
                inputs.now, facts.names.get(machine, machine),
                {"machine": machine, "line": _line_name(order, line.line_no),
                 "down_hours": round(down.total_seconds() / 3600, 1),  # type: ignore[union-attr]
                 "slack_hours": round(slack.total_seconds() / 3600, 1),  # type: ignore[union-attr]
                 "reason": status.reason, "since": status.since.isoformat(),
                 "customer": facts.customer_name(order.customer_id)},
                inputs.crm_source, order.id))
    return found


def completion_slip(rule: Rule, facts: _Facts) -> list[Occurrence]:
    """(3) A line's predicted completion is at least `min_days` after its promised date."""
    inputs = facts.inputs
    plan = inputs.plan
    min_days = int(rule.param("min_days"))
    found: list[Occurrence] = []
    for order, line in _open_lines(facts):
        if line.promised_date is None or plan is None:
            continue
        predicted = plan.line_completion_date((order.id, line.line_no))
        if predicted is None or (predicted - line.promised_date).days < min_days:
            continue
        found.append(Occurrence(
            rule.id, rule.event,
            f"slip:{order.id}/{line.line_no}:{line.promised_date.isoformat()}",
            inputs.now, _line_name(order, line.line_no),
            {"predicted": predicted.isoformat(), "promised": line.promised_date.isoformat(),
             "days": (predicted - line.promised_date).days,
             "customer": facts.customer_name(order.customer_id)},
            inputs.crm_source, order.id))
    return found


def key_account_products(facts: _Facts) -> dict[str, list[str]]:
    """Product id -> names of the key customers it was shipped to."""
    lines = {(o.id, x.line_no): x.product_id for o in facts.inputs.orders for x in o.lines}
    shipped: dict[str, dict[str, None]] = {}
    for s in facts.inputs.shipments:
        customer = facts.customers.get(s.customer_id)
        product = lines.get((s.order_id, s.line_no))
        if customer is not None and customer.key_account and product is not None:
            shipped.setdefault(product, {})[customer.name] = None
    return {p: sorted(names) for p, names in shipped.items()}


def spc_key_customer(rule: Rule, facts: _Facts) -> list[Occurrence]:
    """(4) A control-chart rule fires (its last point within `lookback_hours`) on a
    characteristic of a product shipped to a key customer."""
    inputs = facts.inputs
    horizon = inputs.now - timedelta(hours=float(rule.param("lookback_hours")))
    products = key_account_products(facts)
    found: list[Occurrence] = []
    for ch in inputs.characteristics:
        customers = products.get(ch.product_id)
        rows = list(inputs.measurements.get(ch.id, ()))
        if not customers or not rows:
            continue
        choice = default_chart(ch.subgroup_size)
        groups = group_points(rows, choice, ch.subgroup_size)
        chart = build_chart(values_of(rows), groups, choice)
        if chart is None:
            continue
        for occurrence in occurrences(violations(chart.primary)):
            points = [int(chart.primary.point_index[p]) for p in occurrence.points]
            first, last = groups[points[0]].at, groups[points[-1]].at
            if last < horizon:
                continue
            key = next((k for k, a, b in inputs.fired_spans.get((ch.id, occurrence.rule), ())
                        if first <= b and last >= a),
                       f"spc:{ch.id}:{occurrence.rule}:{first.isoformat()}")
            found.append(Occurrence(
                rule.id, rule.event, key, first, ch.name,
                {"characteristic": ch.id, "product": ch.product_id, "rule": occurrence.rule,
                 "description": occurrence.description, "customers": customers,
                 "first": first.isoformat(), "last": last.isoformat()}))
    return found


def complaint_severe(rule: Rule, facts: _Facts) -> list[Occurrence]:
    """(5) A complaint (not closed) of `min_severity` or worse."""
    inputs = facts.inputs
    least = SEVERITIES.index(str(rule.param("min_severity")))
    found: list[Occurrence] = []
    for c in inputs.complaints:
        if c.status == ComplaintStatus.CLOSED or SEVERITIES.index(str(c.severity)) < least:
            continue
        found.append(Occurrence(
            rule.id, rule.event, f"complaint:{c.id}", c.opened_at, c.number,
            {"severity": str(c.severity), "category": c.category, "lot": c.lot_id or "",
             "customer": facts.customer_name(c.customer_id)},
            inputs.crm_source, c.order_id or ""))
    return found
