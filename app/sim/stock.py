"""The stockroom of the demo plant: stock levels per item and location, and purchase orders.

Lots are the truth (app.sim.lots keeps stock as FIFO lots per product); this module publishes
what the "mes.stock" and "mes.receipts" feeds say about them:

- a StockLevel per product, at the location of its kind (raw materials in RAW, components in
  WIP, finished goods in FG). A lot going in or out marks the product dirty; dirty products are
  published once per count interval (after the floor's tick), like work-order progress, so the
  change feed does not grow with every unit.
- an ExpectedReceipt per purchase order line: open when a raw-material receipt is ordered (the
  reorder in LotStore, or one of the call-offs seeded at the start), received when it arrives.
  A delivery expedited on a shortage arrives at once and is published received directly.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from app.domain import ExpectedReceipt, Lot, Product, ReceiptStatus, StockLevel, WorkOrder
from app.sim import layout
from app.sim.core import SimCore, qty

if TYPE_CHECKING:
    from app.sim.lots import LotStore
    from app.sim.machines import Machine

LOCATIONS = {"raw": "RAW", "component": "WIP", "finished": "FG"}
FIRST_PO = 4701
# Call-offs under the suppliers' framework contracts, open when the plant starts: these raw
# materials, due this many days after the start (a fraction drawn per seed is added).
SEEDED_CALL_OFFS = (("RM-STEEL", 2), ("RM-BRG", 4), ("RM-CAST", 6))


def location_of(product: Product) -> str:
    return LOCATIONS.get(product.kind, "MAIN")


def safety_stock(product_id: str) -> Decimal:
    """The reorder point of layout: raw materials are reordered below it, components are
    replenished by make-to-stock work orders below it; finished goods are made to order (0)."""
    if product_id in layout.RAW_RECEIPTS:
        return layout.RAW_RECEIPTS[product_id][1]
    if product_id in layout.COMPONENT_STOCK:
        return layout.COMPONENT_STOCK[product_id][1]
    return Decimal(0)


class Stockroom:
    def __init__(self, core: SimCore, products: dict[str, Product], lots: LotStore) -> None:
        self.core = core
        self.products = products
        self.lots = lots
        self.rng = core.rng("purchasing")
        self._dirty: dict[str, None] = {}  # product ids, in the order they changed
        self.open_receipts: dict[str, ExpectedReceipt] = {}  # receipt id -> open receipt
        # Reserved = what released work orders that have not started yet will consume (their
        # BOM needs); a work order consumes its materials when its first operation starts, so
        # from then on the need is gone from on hand instead. Finished goods waiting to ship are
        # not counted as reserved.
        self._reserving: dict[str, WorkOrder] = {}
        lots.on_stock_change = self.mark
        lots.on_purchase = self.purchase
        lots.on_receipt = self.received

    # --- stock levels ----------------------------------------------------------------------
    def mark(self, product_id: str) -> None:
        self._dirty[product_id] = None

    def level(self, product_id: str) -> StockLevel:
        product = self.products[product_id]
        where = location_of(product)
        return StockLevel(id=f"{product_id}@{where}", item_id=product_id, location=where,
                          on_hand=qty(self.lots.available(product_id)),
                          reserved=qty(self.reserved(product_id)),
                          safety_stock=safety_stock(product_id), unit=product.unit,
                          counted_at=self.core.now)

    def reserved(self, product_id: str) -> Decimal:
        return sum((item.quantity_per_unit * wo.quantity for wo in self._reserving.values()
                    for item in self.products[wo.product_id].bom
                    if item.component_id == product_id), Decimal(0))

    def publish_all(self) -> None:
        self._dirty.clear()
        for product_id in self.products:
            self.core.put("mes.stock", self.level(product_id))

    def publish_dirty(self) -> None:
        """At most one StockLevel per product and count interval."""
        for product_id in sorted(self._dirty):
            self.core.put("mes.stock", self.level(product_id))
        self._dirty.clear()

    # --- work orders reserving material ----------------------------------------------------
    def work_order_released(self, wo: WorkOrder) -> None:
        self._reserving[wo.id] = wo
        for item in self.products[wo.product_id].bom:
            self.mark(item.component_id)

    def work_order_started(self, wo: WorkOrder, machine: Machine | None = None) -> None:
        if self._reserving.pop(wo.id, None) is not None:
            for item in self.products[wo.product_id].bom:
                self.mark(item.component_id)

    # --- purchase orders -------------------------------------------------------------------
    def purchase(self, product_id: str, quantity: Decimal, expected_at: datetime,
                 status: ReceiptStatus = ReceiptStatus.OPEN) -> str:
        """A purchase order of one line to the supplier of a raw material; returns its line id."""
        receipt = self.receipt(product_id, quantity, expected_at, status)
        if status is ReceiptStatus.OPEN:
            self.open_receipts[receipt.id] = receipt
        self.core.put("mes.receipts", receipt)
        return receipt.id

    def receipt(self, product_id: str, quantity: Decimal, expected_at: datetime,
                status: ReceiptStatus) -> ExpectedReceipt:
        """A purchase order line with the next number; not published."""
        n = self.core.next_number("po", FIRST_PO)
        return ExpectedReceipt(
            id=f"POL-{n}-1", purchase_order=f"PO-{n}", supplier=layout.SUPPLIERS[product_id][0],
            item_id=product_id, quantity=qty(quantity), unit=self.products[product_id].unit,
            expected_at=expected_at, status=status)

    def received(self, lot: Lot, receipt_id: str | None) -> None:
        """`lot` arrived for `receipt_id`; without one it was an expedited delivery."""
        receipt = self.open_receipts.pop(receipt_id or "", None)
        if receipt is None:
            self.purchase(lot.product_id, lot.quantity, self.core.now, ReceiptStatus.RECEIVED)
            return
        receipt.status = ReceiptStatus.RECEIVED
        self.core.put("mes.receipts", receipt)

    def seed_call_offs(self, start: datetime) -> None:
        """A few purchase orders open at the start, so the receipts feed is never empty."""
        for product_id, days in SEEDED_CALL_OFFS:
            due = start + timedelta(days=days, seconds=round(self.rng.uniform(0, 12) * 3600))
            size, _ = layout.RAW_RECEIPTS[product_id]
            self.lots.call_off(product_id, size, due)
