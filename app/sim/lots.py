"""Lots and their genealogy: raw lots from suppliers, WIP and finished lots from work orders.

Material is consumed first in, first out, so one raw lot ends up split over several WIP lots and
a work order that crosses a lot boundary merges several lots into one. Serialized products get a
serial per good unit when their work order completes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.domain import Lot, LotKind, LotLink, Product, Serial, WorkOrder
from app.sim import layout
from app.sim.core import SimCore, qty
from app.sim.machines import Machine


class LotStore:
    def __init__(self, core: SimCore, zone: ZoneInfo, products: dict[str, Product]) -> None:
        self.core = core
        self.zone = zone
        self.products = products
        self.rng = core.rng("lots")
        self.lots: dict[str, Lot] = {}
        self.remaining: dict[str, Decimal] = {}  # lot id -> quantity still in stock
        self.stock: dict[str, list[Lot]] = {pid: [] for pid in products}  # FIFO per product
        self._receipt_due: dict[str, bool] = {}
        self.serials_of: dict[str, list[str]] = {}  # lot id -> serials
        # Reorder points grow with the plant (scale.capacity): a bigger plant uses more.
        self.scale = Decimal(1)
        # product -> quantity already on order (open work orders); set by the plant
        self.on_order: Callable[[str], Decimal] = lambda pid: Decimal(0)
        self.replenish: Callable[[str, Decimal], None] = lambda pid, q: None
        # Hooks of the stockroom (app.sim.stock): a product's stock changed; a purchase order
        # for (product, quantity, expected at) was placed, giving its receipt id; a lot arrived
        # for a receipt id (None: an expedited delivery that was never on order).
        self.on_stock_change: Callable[[str], None] = lambda pid: None
        self.on_purchase: Callable[[str, Decimal, datetime], str] = lambda pid, q, t: ""
        self.on_receipt: Callable[[Lot, str | None], None] = lambda lot, receipt_id: None

    # --- creating lots ---------------------------------------------------------------------
    def make_lot(self, product_id: str, kind: LotKind, quantity: Decimal, at: datetime,
                 **extra: object) -> Lot:
        """A lot with the next number, created at `at`; kept, not published."""
        n = self.core.next_number("lot")
        code = self.products[product_id].code.replace("-", "")
        day = at.astimezone(self.zone).strftime("%y%m%d")
        lot = Lot(id=f"L-{n:06d}", number=f"{code}-{day}-{n % 10000:04d}", product_id=product_id,
                  kind=kind, quantity=quantity, unit=self.products[product_id].unit,
                  created_at=at, **extra)  # type: ignore[arg-type]
        self.lots[lot.id] = lot
        return lot

    def supplier_lot(self, product_id: str, at: datetime) -> dict[str, str]:
        supplier, prefix = layout.SUPPLIERS[product_id]
        return {"supplier": supplier,
                "supplier_lot": f"{prefix}{at:%y}-{self.rng.randrange(1000, 9999)}"}

    def _new(self, product_id: str, kind: LotKind, quantity: Decimal, **extra: object) -> Lot:
        lot = self.make_lot(product_id, kind, quantity, self.core.now, **extra)
        self.core.put("mes.lots", lot)
        return lot

    def adopt_stock(self, lot: Lot, remaining: Decimal) -> None:
        """A lot from the generated history with `remaining` still in stock (FIFO order)."""
        self.lots[lot.id] = lot
        if remaining > 0:
            self.remaining[lot.id] = remaining
            self.stock[lot.product_id].append(lot)
            self.on_stock_change(lot.product_id)

    def _to_stock(self, lot: Lot) -> None:
        self.remaining[lot.id] = lot.quantity
        self.stock[lot.product_id].append(lot)
        self.on_stock_change(lot.product_id)

    def receive(self, product_id: str, quantity: Decimal | None = None) -> Lot:
        """A delivery from the supplier of this raw material."""
        self._receipt_due[product_id] = False
        return self._deliver(product_id, quantity)

    def _deliver(self, product_id: str, quantity: Decimal | None = None) -> Lot:
        size, _ = layout.RAW_RECEIPTS[product_id]
        lot = self._new(product_id, LotKind.RAW, quantity or size,
                        **self.supplier_lot(product_id, self.core.now))
        self._to_stock(lot)
        return lot

    def seed_stock(self, product_id: str, quantity: Decimal) -> Lot:
        """Stock that was there before the simulated history began."""
        kind = LotKind.RAW if self.products[product_id].kind == "raw" else LotKind.WIP
        if kind is LotKind.RAW:
            return self.receive(product_id, quantity)
        lot = self._new(product_id, kind, quantity)
        self._to_stock(lot)
        return lot

    def available(self, product_id: str) -> Decimal:
        return sum((self.remaining[lot.id] for lot in self.stock[product_id]), Decimal(0))

    # --- work orders -----------------------------------------------------------------------
    def start_work_order(self, wo: WorkOrder, machine: Machine) -> None:
        """First operation starts: the output lot is opened and the materials are consumed."""
        product = self.products[wo.product_id]
        kind = LotKind.FINISHED if product.kind == "finished" else LotKind.WIP
        lot = self._new(wo.product_id, kind, wo.quantity, work_order_id=wo.id,
                        machine_id=machine.id)
        wo.output_lot_id = lot.id
        for item in product.bom:
            self._consume(item.component_id, qty(item.quantity_per_unit * wo.quantity), lot)
        for item in product.bom:
            self._check_reorder(item.component_id)

    def _consume(self, product_id: str, need: Decimal, into: Lot) -> None:
        unit = self.products[product_id].unit
        queue = self.stock[product_id]
        while need > 0:
            if not queue:
                if self.products[product_id].kind != "raw":
                    return  # a component shortage: what is missing stays unlinked
                # raw material: an expedited delivery, received at once
                self.on_receipt(self.receive(product_id), None)
                continue
            parent = queue[0]
            take = min(need, self.remaining[parent.id])
            self.remaining[parent.id] -= take
            need -= take
            self.on_stock_change(product_id)
            if self.remaining[parent.id] <= 0:
                queue.pop(0)
            n = self.core.next_number("link")
            self.core.put("mes.genealogy", LotLink(
                id=f"LL-{n:07d}", parent_lot_id=parent.id, child_lot_id=into.id,
                quantity=qty(take), unit=unit, linked_at=self.core.now))

    def _check_reorder(self, product_id: str) -> None:
        product = self.products[product_id]
        if product.kind == "raw":
            size, point = layout.RAW_RECEIPTS[product_id]
            point *= self.scale
            if self.available(product_id) < point and not self._receipt_due.get(product_id):
                self._receipt_due[product_id] = True
                delay = round(self.rng.uniform(3, 10) * 3600)
                receipt = self.on_purchase(product_id, size,
                                           self.core.now + timedelta(seconds=delay))
                self.core.after(delay, self._arrive, product_id, receipt)
        elif product_id in layout.COMPONENT_STOCK:
            batch, point = layout.COMPONENT_STOCK[product_id]
            point *= self.scale
            while self.available(product_id) + self.on_order(product_id) < point:
                self.replenish(product_id, batch)

    def _arrive(self, product_id: str, receipt_id: str) -> None:
        """The receipt ordered at the reorder point arrives."""
        self.on_receipt(self.receive(product_id), receipt_id)

    def call_off(self, product_id: str, quantity: Decimal, due: datetime) -> str:
        """A delivery scheduled under a supplier's framework contract, apart from the reorder
        point (it does not hold back a reorder); returns its receipt id."""
        receipt_id = self.on_purchase(product_id, quantity, due)

        def arrive() -> None:
            self.on_receipt(self._deliver(product_id, quantity), receipt_id)

        self.core.at(due, arrive)
        return receipt_id

    def complete_work_order(self, wo: WorkOrder) -> None:
        lot = self.lots.get(wo.output_lot_id or "")
        if lot is None:
            return
        lot.quantity = wo.good
        self.core.put("mes.lots", lot)
        self._to_stock(lot)
        if wo.product_id in layout.SERIALIZED:
            code = self.products[wo.product_id].code.replace("-", "")
            serials = []
            for _ in range(int(wo.good)):
                n = self.core.next_number("serial")
                serial = Serial(id=f"{code}-{n:06d}", lot_id=lot.id, product_id=wo.product_id,
                                created_at=self.core.now)
                self.core.put("mes.serials", serial)
                serials.append(serial.id)
            self.serials_of[lot.id] = serials

    def take(self, lot_id: str, quantity: Decimal) -> Decimal:
        """Take up to `quantity` out of a lot for shipping; returns what was taken."""
        have = self.remaining.get(lot_id, Decimal(0))
        taken = min(have, quantity)
        if taken <= 0:
            return Decimal(0)
        self.remaining[lot_id] = have - taken
        lot = self.lots[lot_id]
        if self.remaining[lot_id] <= 0:
            self.stock[lot.product_id] = [x for x in self.stock[lot.product_id] if x.id != lot_id]
        self.on_stock_change(lot.product_id)
        return taken
