"""The figures management asks for, each with its trend over ISO weeks and the keys of the rows
behind it. Pure: lists of domain records (and per-machine OEE figures) in, small frozen
dataclasses out; "now" and the site's time zone are given. Definitions: docs/kpis.md.

Weeks are ISO weeks (Monday to Sunday) of the site's local calendar. A flow figure (on-time
delivery, lead time, yield, scrap, OEE) has one value per week — the current week so far
last — and its current value covers the last `CURRENT_WEEKS` weeks of the series (the current
week so far and the full weeks before it). A stock figure (orders at risk, open complaints,
WIP) has its value now, and a trend of snapshots at the end of each past week where the
records allow one.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.analytics.ages import whole_days
from app.analytics.fulfilment import LineKey, LinkingRules, link_orders, progress_by_line
from app.analytics.kpi_types import CURRENT_WEEKS, Kpi, RowKind, Week, WeekPoint
from app.analytics.oee import OeeFigures, combine
from app.analytics.order_risk import LineRisk, RiskLevel, line_risk, risk_context
from app.analytics.schedule.plan import Plan
from app.domain import (
    Complaint,
    ComplaintStatus,
    DefectRecord,
    Equipment,
    MachineStatus,
    OrderStatus,
    Product,
    ProductionCount,
    SalesOrder,
    Severity,
    Shipment,
    WorkOrder,
    WorkOrderStatus,
)

SERIES_WEEKS = 13  # a quarter of weekly points on every trend
OEE_WEEKS = 13  # as many as the other trends (the figures are worked out off the GUI thread, paced)
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0–7 days", 0, 7), ("8–30 days", 8, 30), (">30 days", 31, None))
SEVERITIES = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)
WIP_STATUSES = frozenset({WorkOrderStatus.RELEASED, WorkOrderStatus.RUNNING})
NO_LINE = ""  # the line key of machines the equipment tree puts under no line


# -- weeks ---------------------------------------------------------------------------------
def weeks(now: datetime, zone: ZoneInfo, n: int) -> list[Week]:
    """The last `n` ISO weeks at the site, oldest first, the one containing `now` last."""
    today = now.astimezone(zone).date()
    this_monday = today - timedelta(days=today.weekday())
    out = []
    for back in range(n - 1, -1, -1):
        monday = this_monday - timedelta(weeks=back)
        out.append(Week(monday, _local_midnight(monday, zone),
                        _local_midnight(monday + timedelta(days=7), zone)))
    return out


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _week_index(moment: datetime, span: Sequence[Week]) -> int | None:
    for i, week in enumerate(span):
        if week.start <= moment < week.end:
            return i
    return None


# -- results -------------------------------------------------------------------------------
def _known_since(week: Week, first: datetime | None) -> bool:
    """Whether the records reach back into `week`: a count of a week that ended before the
    first record is unknown (the history had not begun), not 0."""
    return first is not None and week.end > first


def _percent(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole > 0 else None


# -- deliveries ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CompletedLine:
    order_id: str
    line_no: int
    completed_at: datetime  # the shipment that brought shipped quantity up to ordered
    completed_on: date  # its local date at the site
    due: date  # promised date, else requested date
    on_time: bool
    lead_days: float  # from the order's created_at to completed_at

    @property
    def key(self) -> LineKey:
        return (self.order_id, self.line_no)


def _shipments_by_line(shipments: Iterable[Shipment]) -> dict[LineKey, list[Shipment]]:
    out: dict[LineKey, list[Shipment]] = defaultdict(list)
    for shipment in shipments:
        out[(shipment.order_id, shipment.line_no)].append(shipment)
    for items in out.values():
        items.sort(key=lambda s: (s.shipped_at, s.id))
    return out


def completed_lines(orders: Sequence[SalesOrder], shipments: Sequence[Shipment],
                    zone: ZoneInfo) -> list[CompletedLine]:
    """Every line whose shipments add up to its ordered quantity, completed when the shipment
    that got there was shipped. Lines of cancelled orders and lines of no quantity are left
    out."""
    by_line = _shipments_by_line(shipments)
    out = []
    for order in orders:
        if order.status == OrderStatus.CANCELLED:
            continue
        for line in order.lines:
            if line.quantity <= 0:
                continue
            shipped = Decimal(0)
            for shipment in by_line.get((order.id, line.line_no), ()):
                shipped += shipment.quantity
                if shipped >= line.quantity:
                    at = shipment.shipped_at
                    on = at.astimezone(zone).date()
                    due = line.promised_date or line.requested_date
                    out.append(CompletedLine(
                        order.id, line.line_no, at, on, due, on <= due,
                        (at - order.created_at).total_seconds() / 86400))
                    break
    out.sort(key=lambda c: (c.completed_at, c.order_id, c.line_no))
    return out


def _by_week(items: Iterable[CompletedLine], span: Sequence[Week]) -> list[list[CompletedLine]]:
    buckets: list[list[CompletedLine]] = [[] for _ in span]
    for item in items:
        i = _week_index(item.completed_at, span)
        if i is not None:
            buckets[i].append(item)
    return buckets


def on_time_delivery(completed: Sequence[CompletedLine], now: datetime, zone: ZoneInfo,
                     n_weeks: int = SERIES_WEEKS) -> Kpi:
    span = weeks(now, zone, n_weeks)
    buckets = _by_week(completed, span)
    series = tuple(WeekPoint(w, _percent(sum(c.on_time for c in b), len(b)), len(b))
                   for w, b in zip(span, buckets, strict=True))
    current = [c for b in buckets[-CURRENT_WEEKS:] for c in b]
    on_time = sum(c.on_time for c in current)
    return Kpi("on_time_delivery", _percent(on_time, len(current)), "%", series,
               tuple(c.key for c in current), RowKind.ORDER_LINE,
               (("on time", float(on_time)), ("late", float(len(current) - on_time))),
               since=span[-CURRENT_WEEKS:][0].monday)


def lead_time(completed: Sequence[CompletedLine], now: datetime, zone: ZoneInfo,
              n_weeks: int = SERIES_WEEKS) -> Kpi:
    """Median days from order to completion (the value and the series); the mean rides along
    (`breakdown`, `WeekPoint.extra`)."""
    span = weeks(now, zone, n_weeks)
    buckets = _by_week(completed, span)

    def median(items: Sequence[CompletedLine]) -> float | None:
        return statistics.median(c.lead_days for c in items) if items else None

    def mean(items: Sequence[CompletedLine]) -> float | None:
        return statistics.fmean(c.lead_days for c in items) if items else None

    series = tuple(WeekPoint(w, median(b), len(b), mean(b))
                   for w, b in zip(span, buckets, strict=True))
    current = [c for b in buckets[-CURRENT_WEEKS:] for c in b]
    return Kpi("lead_time", median(current), "days", series, tuple(c.key for c in current),
               RowKind.ORDER_LINE, (("median", median(current)), ("mean", mean(current)),
                                       ("lines", float(len(current)))),
               since=span[-CURRENT_WEEKS:][0].monday)


# -- orders at risk ------------------------------------------------------------------------
def line_risks(orders: Sequence[SalesOrder], work_orders: Sequence[WorkOrder],
               shipments: Sequence[Shipment], now: datetime, zone: ZoneInfo, *,
               products: Sequence[Product] = (), statuses: Sequence[MachineStatus] = (),
               equipment: Sequence[Equipment] = (), rules: LinkingRules | None = None,
               plan: Plan | None = None) -> dict[LineKey, LineRisk]:
    """Every order line's risk, exactly as the Orders view weighs it: lines linked to work
    orders by the rules, progress from work orders and shipments, then `line_risk`."""
    rules = rules or LinkingRules()
    fulfilment = link_orders(orders, work_orders, rules, list(products))
    progress = progress_by_line(orders, work_orders, shipments, fulfilment)
    ctx = risk_context(now, plan.zone if plan is not None else zone, plan=plan,
                       work_orders=work_orders, statuses=statuses, equipment=equipment)
    out: dict[LineKey, LineRisk] = {}
    for order in orders:
        for line in order.lines:
            key = (order.id, line.line_no)
            out[key] = line_risk(order, line, fulfilment.by_line.get(key, []), progress[key],
                                 ctx)
    return out


def _promise_at(line_promised: date | None, history: Sequence, moment: datetime
                ) -> date | None:
    """The promised date in force at `moment`, from the line's promise history."""
    if not history:
        return line_promised
    ordered = sorted(history, key=lambda c: c.changed_at)
    before = [c for c in ordered if c.changed_at <= moment]
    return before[-1].new_date if before else ordered[0].old_date


def past_due_at(orders: Sequence[SalesOrder], shipments: Sequence[Shipment], moment: datetime,
                zone: ZoneInfo) -> list[LineKey]:
    """Lines past their promised (else requested) date and not fully shipped at `moment`.

    Only lines of orders created before `moment`; the promise in force then (promise history).
    Left out: cancelled orders (when they were cancelled is not known), drafts without a
    promise, and orders now shipped or closed whose shipments never cover the line (when it
    was done is not known)."""
    by_line = _shipments_by_line(shipments)
    today = moment.astimezone(zone).date()
    out = []
    for order in orders:
        if order.status == OrderStatus.CANCELLED or order.created_at >= moment:
            continue
        for line in order.lines:
            key = (order.id, line.line_no)
            promised = _promise_at(line.promised_date, line.promise_history, moment)
            if order.status == OrderStatus.DRAFT and promised is None:
                continue
            due = promised or line.requested_date
            if due >= today:
                continue
            items = by_line.get(key, ())
            if order.status in (OrderStatus.SHIPPED, OrderStatus.CLOSED) and (
                    sum((s.quantity for s in items), Decimal(0)) < line.quantity):
                continue
            shipped = sum((s.quantity for s in items if s.shipped_at < moment), Decimal(0))
            if shipped < line.quantity:
                out.append(key)
    return out


def orders_at_risk(risks: Mapping[LineKey, LineRisk], orders: Sequence[SalesOrder],
                   shipments: Sequence[Shipment], now: datetime, zone: ZoneInfo,
                   n_weeks: int = SERIES_WEEKS) -> Kpi:
    """Open lines late or at risk now; trend: lines past due and not shipped at the end of
    each past week (the current week is not over, so it has no point), none before the first
    order was created."""
    late = sorted(k for k, r in risks.items() if r.level == RiskLevel.LATE)
    risky = sorted(k for k, r in risks.items() if r.level == RiskLevel.AT_RISK)
    span = weeks(now, zone, n_weeks + 1)[:-1]
    first = min((o.created_at for o in orders), default=None)
    series = []
    for week in span:
        if not _known_since(week, first):
            series.append(WeekPoint(week, None))
            continue
        keys = past_due_at(orders, shipments, week.end, zone)
        series.append(WeekPoint(week, float(len(keys)), len(keys)))
    return Kpi("orders_at_risk", float(len(late) + len(risky)), "lines", tuple(series),
               tuple(late + risky), RowKind.ORDER_LINE,
               (("late", float(len(late))), ("at risk", float(len(risky)))))


# -- OEE -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LineOee:
    line_id: str  # NO_LINE for machines under no line
    name: str
    machines: int
    current: OeeFigures  # over the current period
    weekly: tuple[float | None, ...]  # OEE per week, as the Kpi's series


def oee_by_line(weekly: Sequence[tuple[Week, Mapping[str, OeeFigures]]],
                line_of: Mapping[str, tuple[str, str]]) -> tuple[Kpi, list[LineOee]]:
    """Plant OEE per week and per line. `weekly`: the weeks, oldest first, each with every
    machine's figures over it (the current week up to now); `line_of`: machine id -> (line
    id, line name), NO_LINE for a machine under no line. A line's OEE is `combine` over its
    machines (ratio of sums), as is the plant's and the current period's."""
    current_weeks = weekly[-CURRENT_WEEKS:]
    series = tuple(WeekPoint(w, _oee_percent(combine(f.values())), len(f)) for w, f in weekly)
    lines: dict[str, list[str]] = defaultdict(list)
    for machine in sorted({m for _, f in weekly for m in f}):
        lines[line_of.get(machine, (NO_LINE, ""))[0]].append(machine)
    rows = []
    for line_id, machines in lines.items():
        name = line_of[machines[0]][1] if machines[0] in line_of else ""
        current = combine(f[m] for _, f in current_weeks for m in machines if m in f)
        trend = tuple(_oee_percent(combine(f[m] for m in machines if m in f)) for _, f in weekly)
        rows.append(LineOee(line_id, name or line_id, len(machines), current, trend))
    rows.sort(key=lambda r: (r.line_id == NO_LINE, r.name, r.line_id))
    plant = combine(r.current for r in rows)
    kpi = Kpi("oee", _oee_percent(plant), "%", series, tuple(r.line_id for r in rows),
              RowKind.LINE, tuple((r.name, _oee_percent(r.current)) for r in rows),
              since=current_weeks[0][0].monday if current_weeks else None)
    return kpi, rows


def _oee_percent(figures: OeeFigures) -> float | None:
    value = figures.oee
    return None if value is None else 100.0 * value


# -- yield and scrap -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MachineYield:
    machine_id: str
    good: float
    scrap: float
    defects: float  # defect quantity recorded on the machine
    top_defect: str  # its most frequent defect code ("" when none)

    @property
    def first_pass_yield(self) -> float | None:
        return _percent(self.good, self.good + self.scrap)

    @property
    def scrap_rate(self) -> float | None:
        return _percent(self.scrap, self.good + self.scrap)


def yield_and_scrap(counts: Sequence[ProductionCount], defects: Sequence[DefectRecord],
                    now: datetime, zone: ZoneInfo, n_weeks: int = SERIES_WEEKS
                    ) -> tuple[Kpi, Kpi, list[MachineYield]]:
    """First-pass yield = good / (good + scrap) and scrap rate = scrap / (good + scrap), summed
    over every machine's production counts (each operation's count, so a part made on three
    machines counts three times); a count belongs to the week its interval starts in. The
    defects recorded in the current period break the scrap down by code."""
    span = weeks(now, zone, n_weeks)
    good = [0.0] * len(span)
    scrap = [0.0] * len(span)
    first = len(span) - CURRENT_WEEKS
    per_machine: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for count in counts:
        i = _week_index(count.start, span)
        if i is None:
            continue
        good[i] += float(count.good)
        scrap[i] += float(count.scrap)
        if i >= first:
            entry = per_machine[count.machine_id]
            entry[0] += float(count.good)
            entry[1] += float(count.scrap)
    codes: dict[str, float] = defaultdict(float)
    codes_of: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for record in defects:
        i = _week_index(record.recorded_at, span)
        if i is None or i < first:
            continue
        codes[record.code] += float(record.quantity)
        if record.machine_id:
            per_machine[record.machine_id][2] += float(record.quantity)
            codes_of[record.machine_id][record.code] += float(record.quantity)
    machines = []
    for machine_id, (g, s, d) in sorted(per_machine.items()):
        top = max(sorted(codes_of[machine_id].items()), key=lambda kv: kv[1],
                  default=("", 0.0))[0]
        machines.append(MachineYield(machine_id, g, s, d, top))
    keys = tuple(m.machine_id for m in machines)
    g_now, s_now = sum(good[first:]), sum(scrap[first:])
    since = span[first].monday
    fpy = Kpi("first_pass_yield", _percent(g_now, g_now + s_now), "%",
              tuple(WeekPoint(w, _percent(g, g + s), round(g + s))
                    for w, g, s in zip(span, good, scrap, strict=True)),
              keys, RowKind.MACHINE, (("good", g_now), ("scrap", s_now)), since=since)
    top_codes = sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    scrap_kpi = Kpi("scrap_rate", _percent(s_now, g_now + s_now), "%",
                    tuple(WeekPoint(w, _percent(s, g + s), round(g + s))
                          for w, g, s in zip(span, good, scrap, strict=True)),
                    keys, RowKind.MACHINE, tuple(top_codes), since=since)
    return fpy, scrap_kpi, machines


# -- complaints ----------------------------------------------------------------------------
def age_bucket(opened_at: datetime, now: datetime) -> str:
    """"0–7 days", "8–30 days" or ">30 days": whole days since the complaint was opened, as
    its age in days reads in every view."""
    days = whole_days(opened_at, now)
    for label, low, high in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BUCKETS[-1][0]


def open_complaints(complaints: Sequence[Complaint], now: datetime, zone: ZoneInfo,
                    n_weeks: int = SERIES_WEEKS) -> Kpi:
    """Complaints not closed now, by severity and by age. The contract has no closing time,
    so the trend is the complaints opened per week, not the open ones at each week's end;
    none before the week of the first complaint."""
    rank = {s: n for n, s in enumerate(SEVERITIES)}
    open_ = sorted((c for c in complaints if c.status != ComplaintStatus.CLOSED),
                   key=lambda c: (rank.get(c.severity, len(rank)), c.opened_at, c.id))
    by_severity = {s: 0 for s in SEVERITIES}
    by_age = {label: 0 for label, _, _ in AGE_BUCKETS}
    for complaint in open_:
        by_severity[complaint.severity] = by_severity.get(complaint.severity, 0) + 1
        by_age[age_bucket(complaint.opened_at, now)] += 1
    span = weeks(now, zone, n_weeks)
    opened = [0] * len(span)
    for complaint in complaints:
        i = _week_index(complaint.opened_at, span)
        if i is not None:
            opened[i] += 1
    first = min((c.opened_at for c in complaints), default=None)
    series = tuple(WeekPoint(w, float(n), n) if _known_since(w, first) else WeekPoint(w, None)
                   for w, n in zip(span, opened, strict=True))
    breakdown = tuple((str(s), float(n)) for s, n in by_severity.items()) + tuple(
        (label, float(n)) for label, n in by_age.items())
    return Kpi("open_complaints", float(len(open_)), "complaints", series,
               tuple(c.id for c in open_), RowKind.COMPLAINT, breakdown)


# -- work in progress ----------------------------------------------------------------------
def remaining(wo: WorkOrder) -> Decimal:
    return max(Decimal(0), wo.quantity - wo.good)


def _under_way_at(wo: WorkOrder, moment: datetime) -> bool:
    """Started (an operation's actual start) before `moment` and not finished then (the last
    operation's actual end of a completed work order). Cancelled work orders never count."""
    if wo.status == WorkOrderStatus.CANCELLED:
        return False
    starts = [op.actual_start for op in wo.operations if op.actual_start is not None]
    if not starts or min(starts) >= moment:
        return False
    if wo.status != WorkOrderStatus.COMPLETED:
        return True
    ends = [op.actual_end for op in wo.operations if op.actual_end is not None]
    return bool(ends) and max(ends) > moment


def work_in_progress(work_orders: Sequence[WorkOrder], now: datetime, zone: ZoneInfo,
                     n_weeks: int = SERIES_WEEKS) -> Kpi:
    """Quantity not yet good in released and running work orders: the total when they share
    one unit (else the number of work orders), per product in `breakdown`. Trend: work orders
    under way (see `_under_way_at`) at the end of each past week, none before the first
    actual start."""
    open_ = sorted((wo for wo in work_orders if wo.status in WIP_STATUSES),
                   key=lambda wo: (wo.product_id, wo.number, wo.id))
    per_product: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for wo in open_:
        per_product[(wo.product_id, wo.unit)] += remaining(wo)
    units = {unit for _, unit in per_product}
    if len(units) == 1:
        value, unit = float(sum(per_product.values(), Decimal(0))), units.pop()
    else:
        value, unit = float(len(open_)), "work orders"
    span = weeks(now, zone, n_weeks + 1)[:-1]
    first = min((op.actual_start for wo in work_orders for op in wo.operations
                 if op.actual_start is not None), default=None)
    series = []
    for week in span:
        if not _known_since(week, first):
            series.append(WeekPoint(week, None))
            continue
        n = sum(1 for wo in work_orders if _under_way_at(wo, week.end))
        series.append(WeekPoint(week, float(n), n))
    breakdown = (("work orders", float(len(open_))),) + tuple(
        (f"{product} ({u})", float(q)) for (product, u), q in sorted(per_product.items()))
    return Kpi("wip", value, unit, tuple(series), tuple(wo.id for wo in open_),
               RowKind.WORK_ORDER, breakdown)
