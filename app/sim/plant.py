"""The demo plant: a seeded, repeatable discrete-event simulation served by app.sim.server.

`Plant` wires the parts together (floor, production, lots and stock, quality, orders, accounts,
complaints), publishes master data, simulates some history and then waits for its clock to be
advanced. Everything that happens is an event at a definite simulated time, so the feeds are the
same for the same seed, start and calls, however the clock was advanced.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from app.domain import (
    Activity,
    ActivityKind,
    Calendar,
    Complaint,
    MachineState,
    MachineStatus,
    OrderLine,
    PlannedMaintenance,
    SalesOrder,
    Severity,
    WorkOrder,
)
from app.sim import demand, layout, scale, scenarios
from app.sim.accounts import Accounts
from app.sim.complaints import ComplaintDesk
from app.sim.core import SimCore, qty
from app.sim.feeds import FeedStore
from app.sim.floor import Floor
from app.sim.history import generate
from app.sim.lots import LotStore
from app.sim.machines import Machine
from app.sim.open_orders import top_up
from app.sim.orders import OrderDesk, parse_date
from app.sim.prehistory import seed_past
from app.sim.quality import QualityLab
from app.sim.reliability import PATTERNS
from app.sim.stock import Stockroom
from app.sim.workorders import Production


class Plant:
    SCENARIOS: dict[str, str] = dict(scenarios.DESCRIPTIONS)

    def __init__(self, seed: int, start: datetime, feeds: FeedStore | None = None,
                 history: timedelta = timedelta(days=3), machines: int | None = None,
                 open_orders: int | None = None) -> None:
        """`history` before `start`: the last few days (scale.detailed_window) simulated in
        detail, anything older generated coarsely (app.sim.history). `machines`: the plant's
        size (default the 23 of the standard plant); `open_orders`: open orders at the start,
        topped up if the history leaves fewer open."""
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        if history < timedelta(0):
            raise ValueError("history cannot be negative")
        start = start.astimezone(UTC)
        self.feeds = feeds if feeds is not None else FeedStore()
        self.seed = seed
        self.work_centers = scale.work_centers(machines)
        capacity = scale.capacity(machines)
        detailed = scale.detailed_window(machines)
        long_history = history > detailed
        core = self.core = SimCore(seed, start - history, self.feeds)
        self.zone = zone = ZoneInfo(layout.SITE.time_zone)
        self._publish_master_data(start)

        wc_line = {wc: line for wc, line, _, _ in self.work_centers}
        machines_by_wc: dict[str, list[Machine]] = {}
        for wc, line, _, ids in self.work_centers:
            machines_by_wc[wc] = [Machine(core, mid, wc, line, core.rng(f"machine/{mid}"))
                                  for mid in ids]
        machines = [m for ms in machines_by_wc.values() for m in ms]
        self.production = Production(core, self.products, machines_by_wc)
        self.lots = LotStore(core, zone, self.products)
        self.lots.scale = Decimal(str(capacity))
        self.stock = Stockroom(core, self.products, self.lots)
        wc_by_op = {(p.id, t.sequence): t.work_center_id for p in self.products.values()
                    for t in p.routing.operations}
        self.quality = QualityLab(core, self.characteristics, machines, wc_by_op)
        self.floor = Floor(core, zone, self.calendars, machines, wc_line)
        customers = scale.customers(scale.LONG_HISTORY_CUSTOMERS if long_history
                                    else len(layout.CUSTOMERS))
        self.accounts = Accounts(core, zone, customers, scale.contacts(customers))
        self.orders = OrderDesk(core, zone, self.products, self.production, self.lots,
                                customers=scale.customer_rows(customers), arrival_scale=capacity,
                                # After a generated year, orders go on at its rate and mix.
                                line_sizes=demand.LINE_SIZES if long_history
                                else demand.BUSY_LINE_SIZES,
                                weekly_rate=(lambda day: demand.weekly_rate(day, day, capacity))
                                if long_history else None)
        self.complaints = ComplaintDesk(core, self.accounts, self.orders, self.lots)
        self._wire(machines)

        if long_history:
            # The months before the detailed simulation: generated, then handed over to it,
            # which carries on with the same failure patterns per machine type.
            generate(self, core.now, start - detailed, capacity).hand_over()
            self.floor.patterns = dict(PATTERNS)
        for m in machines:
            m.open()
        self.accounts.publish()
        if not long_history:
            self._seed_stock()
        self.stock.publish_all()
        self.stock.seed_call_offs(start)
        if not long_history:
            seed_past(self)  # a short history still needs something shipped and complained of
        self._seed_backlog()
        self.floor.start()
        self.orders.start_arrivals()
        self.orders.start_promise_changes()
        self.quality.start_random_drifts()
        self.complaints.start()
        core.run_until(start)
        if open_orders:
            top_up(self, open_orders)  # at the start: so many are open when the plant opens

    # --- construction ----------------------------------------------------------------------
    def _publish_master_data(self, start: datetime) -> None:
        core = self.core
        core.put("mes.sites", layout.SITE)
        for eq in layout.equipment(self.work_centers):
            core.put("mes.equipment", eq)
        self.products = {p.id: p for p in layout.products()}
        for p in self.products.values():
            core.put("mes.products", p)
        self.characteristics = layout.characteristics()
        for ch in self.characteristics:
            core.put("mes.characteristics", ch)
        years = range(core.now.year - 1, start.year + 3)
        self.calendars = [
            Calendar(id=cd.id, site_id=layout.SITE.id,
                     work_center_ids=[wc for wc, line, _, _ in self.work_centers
                                      if line in cd.lines],
                     shifts=list(cd.shifts), holidays=layout.holidays(years))
            for cd in layout.CALENDARS]
        for cal in self.calendars:
            core.put("mes.calendars", cal)

    def _wire(self, machines: list[Machine]) -> None:
        prod, lots, orders = self.production, self.lots, self.orders
        for m in machines:
            m.jobs = prod
            m.quality = self.quality
        lots.on_order = prod.open_quantity

        def replenish(product_id: str, batch: Decimal) -> None:
            due = orders.today() + timedelta(days=3)
            prod.release(prod.create(product_id, batch, due=due, priority=3))

        lots.replenish = replenish
        prod.on_release.append(self.stock.work_order_released)
        prod.on_start.append(self.stock.work_order_started)
        prod.on_start.append(lots.start_work_order)
        prod.on_start.append(lambda wo, m: orders.work_order_started(wo))
        prod.on_complete.append(lots.complete_work_order)
        prod.on_complete.append(orders.work_order_completed)
        self.floor.on_tick.append(self.quality.on_tick)
        self.floor.after_tick.append(prod.publish_dirty)
        self.floor.after_tick.append(self.stock.publish_dirty)

        def notify(order: SalesOrder, subject: str, body: str) -> None:
            self.accounts.add_activity(order.id, ActivityKind.CUSTOMER_NOTICE, subject, body)

        orders.notify = notify

    def _seed_stock(self) -> None:
        for pid, (size, _) in layout.RAW_RECEIPTS.items():
            self.lots.seed_stock(pid, size)
            self.lots.seed_stock(pid, size)
        for pid, quantity in layout.INITIAL_STOCK.items():
            half = Decimal(int(quantity) // 2)
            self.lots.seed_stock(pid, half)
            self.lots.seed_stock(pid, quantity - half)

    def _seed_backlog(self) -> None:
        """Open orders placed before the history began: the same shape for every seed, so there
        is always a pooled make-to-stock batch and a line split over two work orders."""
        rng = self.core.rng("backlog")
        today = self.orders.today()

        def line(no: int, pid: str, q: int, days: int, colour: str = "") -> OrderLine:
            return OrderLine(line_no=no, product_id=pid, quantity=Decimal(q), unit="pcs",
                             requested_date=today + timedelta(days=days),
                             options={"colour": colour} if colour else {})

        shapes = [
            ("C-001", [line(1, "P-300", 30, 6), line(2, "P-310", 60, 9, layout.COLOURS[0])]),
            ("C-002", [line(1, "P-300", 20, 5)]),
            ("C-004", [line(1, "P-300", 260, 12)]),
            ("C-003", [line(1, "P-300", 25, 7), line(2, "P-310", 40, 10, layout.COLOURS[1])]),
        ]
        for customer_id, lines in shapes:
            placed = self.core.now - timedelta(hours=rng.uniform(24, 240))
            self.orders.place(customer_id, lines, priority=2, created_at=placed,
                              customer_po=f"PO-{rng.randint(10000, 99999)}")
        # A quote entered as a draft that the customer drops: cancelled, then deleted.
        draft = self.orders.place("C-006", [line(1, "P-310", 80, 20, layout.COLOURS[2])],
                                  draft=True, created_at=self.core.now - timedelta(hours=20))
        self.core.after(5 * 3600, self.orders.cancel_draft, draft.id)
        for _ in range(4):
            customer_id, priority = self.orders.random_customer()
            placed = self.core.now - timedelta(hours=rng.uniform(24, 240))
            self.orders.place(customer_id, self.orders.random_lines(), priority=priority,
                              created_at=placed, customer_po=f"PO-{rng.randint(10000, 99999)}")

    # --- clock -----------------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        return self.core.now

    def advance_to(self, t: datetime) -> None:
        if t.tzinfo is None:
            raise ValueError("t must be timezone-aware")
        t = t.astimezone(UTC)
        if t < self.core.now:
            raise ValueError(f"cannot go back in time: {t.isoformat()} is before "
                             f"{self.core.now.isoformat()}")
        self.core.run_until(t)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        self.advance_to(self.core.now + timedelta(seconds=seconds))

    # --- machines --------------------------------------------------------------------------
    @property
    def machine_ids(self) -> list[str]:
        return [m.id for m in self.floor.machines]

    def set_machine_state(self, machine_id: str, state: MachineState,
                          reason: str = "") -> MachineStatus:
        m = self.floor.by_id.get(machine_id)
        if m is None:
            raise KeyError(f"unknown machine {machine_id!r}")
        try:
            state = MachineState(state)
        except ValueError:
            raise ValueError(f"unknown machine state {state!r}") from None
        m.force(state, reason)
        return m.status

    # --- orders ----------------------------------------------------------------------------
    def add_order(self, *, customer_id: str | None = None, lines: list[dict] | None = None,
                  priority: int = 3, customer_po: str = "", plan: bool = True) -> SalesOrder:
        """`plan=False`: the plant makes no work order for it; the lines wait to be released
        (POST /mes/v1/work-orders)."""
        if customer_id is not None and customer_id not in self.accounts.customers:
            raise KeyError(f"unknown customer {customer_id!r}")
        if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 5:
            raise ValueError(f"priority must be an integer from 1 to 5, not {priority!r}")
        order_lines = (self.orders.random_lines() if lines is None
                       else [self._order_line(i, x) for i, x in enumerate(lines, 1)])
        if not order_lines:
            raise ValueError("an order needs at least one line")
        if customer_id is None:
            customer_id, _ = self.orders.random_customer()
        return self.orders.place(customer_id, order_lines, priority=priority,
                                 customer_po=customer_po, plan=plan)

    def add_draft_order(self, *, customer_id: str, lines: list[dict], priority: int = 3,
                        customer_po: str = "") -> SalesOrder:
        """A quotation written by the console: a draft with the quoted dates as its lines'
        promised dates; nobody at the plant decides it (the customer does, later)."""
        if customer_id not in self.accounts.customers:
            raise KeyError(f"unknown customer {customer_id!r}")
        if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 5:
            raise ValueError(f"priority must be an integer from 1 to 5, not {priority!r}")
        if not lines:
            raise ValueError("an order needs at least one line")
        order_lines = []
        for no, spec in enumerate(lines, 1):
            line = self._order_line(no, spec)
            if spec.get("promised_date"):
                line.promised_date = parse_date(spec["promised_date"],
                                                f"line {no}: promised_date")
            order_lines.append(line)
        return self.orders.place(customer_id, order_lines, priority=priority,
                                 customer_po=customer_po, draft=True)

    def _order_line(self, no: int, spec: Mapping[str, Any]) -> OrderLine:
        if not isinstance(spec, Mapping):
            raise ValueError(f"line {no}: expected an object, not {spec!r}")
        pid = spec.get("product_id")
        product = self.products.get(pid) if isinstance(pid, str) else None
        if product is None:
            raise KeyError(f"line {no}: unknown product {pid!r}")
        if pid not in layout.SELLABLE:
            raise ValueError(f"line {no}: {pid} is not sold (sold: {', '.join(layout.SELLABLE)})")
        raw = spec.get("quantity")
        try:
            if isinstance(raw, bool | float) or raw is None:
                raise InvalidOperation
            quantity = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise ValueError(f"line {no}: quantity must be a decimal number, not {raw!r}") from None
        if not quantity.is_finite() or quantity <= 0 or quantity != quantity.to_integral_value():
            raise ValueError(f"line {no}: quantity must be a positive whole number of "
                             f"{product.unit}, not {raw!r}")
        if quantity > 10000:
            raise ValueError(f"line {no}: quantity {quantity} is more than the plant can make")
        requested = parse_date(spec.get("requested_date"), f"line {no}: requested_date")
        if requested < self.orders.today():
            raise ValueError(f"line {no}: requested date {requested} is in the past")
        options = spec.get("options") or {}
        if not isinstance(options, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in options.items()):
            raise ValueError(f"line {no}: options must map names to strings")
        return OrderLine(line_no=no, product_id=pid, quantity=qty(quantity), unit=product.unit,
                         requested_date=requested, options=dict(options))

    def set_promised_date(self, order_id: str, line_no: int, promised: date, reason: str = "",
                          by: str = "") -> SalesOrder:
        return self.orders.set_promised(order_id, line_no, promised, reason, by)

    def add_activity(self, order_id: str, kind: ActivityKind, subject: str,
                     body: str = "") -> Activity:
        if order_id not in self.orders.orders or ("crm.orders", order_id) in self.core.deleted:
            raise KeyError(f"unknown order {order_id!r}")
        return self.accounts.add_activity(order_id, kind, subject, body)

    def set_work_order_priority(self, work_order_id: str, priority: int) -> WorkOrder:
        return self.production.set_priority(work_order_id, priority)

    def release_work_order(self, order_id: str, line_no: int, product_id: str,
                           quantity: Decimal, due: date | None, priority: int,
                           parameters: dict[str, str]) -> WorkOrder:
        if product_id not in self.products:
            raise ValueError(f"unknown product {product_id!r}")
        return self.orders.release_line(order_id, line_no, product_id, quantity, due, priority,
                                        parameters)

    def set_line_progress(self, order_id: str, line_no: int, values: dict) -> SalesOrder:
        return self.orders.set_progress(order_id, line_no, values)

    def plan_maintenance(self, calendar_id: str, window: PlannedMaintenance) -> Calendar:
        return self.floor.plan_maintenance(calendar_id, window)

    # --- complaints ------------------------------------------------------------------------
    def add_complaint(self, *, customer_id: str | None = None, lot_id: str | None = None,
                      order_id: str | None = None, category: str | None = None,
                      severity: Severity | None = None, description: str = "") -> Complaint:
        return self.complaints.raise_complaint(customer_id=customer_id, lot_id=lot_id,
                                               order_id=order_id, category=category,
                                               severity=severity, description=description)

    def add_finding(self, complaint_id: str, text: str) -> Complaint:
        return self.complaints.add_finding(complaint_id, text)

    def link_complaint_lot(self, complaint_id: str, lot_id: str) -> Complaint:
        """The person investigating names the lot the complaint is about."""
        return self.complaints.link_lot(complaint_id, lot_id)

    # --- scenarios and deletions -----------------------------------------------------------
    def load_scenario(self, name: str) -> str:
        apply = scenarios.APPLY.get(name)
        if apply is None:
            raise KeyError(f"unknown scenario {name!r} (known: {', '.join(scenarios.APPLY)})")
        return f"{self.SCENARIOS[name]} {apply(self)}"

    def delete_record(self, feed: str, record_id: str) -> None:
        if feed not in self.feeds.feeds:
            raise KeyError(f"unknown feed {feed!r}")
        if self.feeds[feed].get(record_id) is None:
            raise KeyError(f"no record {record_id!r} in {feed}")
        self.core.delete(feed, record_id)
