"""Material in the generated history: components and raw materials as FIFO lots.

A lot can be used from the moment it is ready (a component lot when its work order completes, a
raw lot when it is received), never before; what a work order consumes is linked to its output
lot at the time its first operation starts, in the quantity its bill of materials asks for. Raw
materials are reordered below their reorder point and arrive some hours later, or at once when
the shelf is empty (an expedited delivery); components are made in batches by make-to-stock work
orders below their reorder point, as in the detailed simulation (app.sim.lots).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from app.domain import Lot, LotKind, LotLink, Product, ReceiptStatus
from app.sim import layout
from app.sim.core import SimCore, qty
from app.sim.journal import Journal
from app.sim.lots import LotStore
from app.sim.stock import Stockroom

# A supplier lot now and then is off (seals that leak, cartons that crush): the finished lots it
# goes into draw complaints of this category.
SUSPECT_SHARE = 0.015
SUSPECT_CATEGORY = {"RM-SEAL": "leakage", "RM-CARTON": "packaging", "RM-BRG": "noise",
                    "RM-STEEL": "dimension", "RM-CAST": "noise", "RM-PLATE": "cosmetic"}

BATCH_FACTOR = 4


@dataclass(slots=True)
class StockLot:
    lot: Lot
    ready: datetime
    left: Decimal


class Materials:
    def __init__(self, core: SimCore, products: dict[str, Product], lots: LotStore,
                 stockroom: Stockroom, journal: Journal, capacity: float, horizon: datetime,
                 make_batch: Callable[[str, Decimal, datetime], StockLot | None]) -> None:
        self.core = core
        self.products = products
        self.lots = lots
        self.stockroom = stockroom
        self.journal = journal
        self.capacity = capacity
        self.horizon = horizon  # deliveries after it are the detailed simulation's business
        self.make_batch = make_batch
        self.rng = core.rng("history/material")
        self.queues: dict[str, list[StockLot]] = {pid: [] for pid in products}
        self.suspect: dict[str, str] = {}  # lot id -> complaint category it tends to draw
        self._delivery_due: dict[str, datetime] = {}

    # --- looking ahead ---------------------------------------------------------------------
    def ready_time(self, needs: dict[str, Decimal], earliest: datetime) -> datetime | None:
        """When every made component in `needs` is on the shelf (making batches if the shelf
        and the batches under way fall short); None if that is past the horizon."""
        ready = earliest
        for pid, need in needs.items():
            if self.products[pid].kind == "raw":
                continue  # raw material never holds up work: it is expedited
            queue = self.queues[pid]
            have = sum((s.left for s in queue), Decimal(0))
            while have < need:
                batch = self.make_batch(pid, self._batch(pid), earliest)
                if batch is None or batch.left <= 0:
                    return None
                have += batch.left
            got, when = Decimal(0), earliest
            for s in sorted((s for s in queue if s.left > 0), key=lambda s: s.ready):
                got += s.left
                when = max(when, s.ready)
                if got >= need:
                    break
            ready = max(ready, when)
        return ready

    def _batch(self, pid: str) -> Decimal:
        # Batches several times the detailed simulation's: a fraction of the work orders, lots,
        # operations and machine events, for the same output.
        return layout.COMPONENT_STOCK[pid][0] * BATCH_FACTOR

    def _point(self, pid: str) -> Decimal:
        table = layout.RAW_RECEIPTS if pid in layout.RAW_RECEIPTS else layout.COMPONENT_STOCK
        factor = BATCH_FACTOR if pid in layout.COMPONENT_STOCK else 1
        return table[pid][1] * factor * Decimal(str(max(1.0, self.capacity)))

    # --- using -----------------------------------------------------------------------------
    def consume(self, pid: str, need: Decimal, into: Lot, at: datetime) -> None:
        unit = self.products[pid].unit
        for s in self.queues[pid]:
            if need <= 0:
                break
            if s.left <= 0 or s.ready > at:
                continue
            need = self._take(s, need, into, unit, at)
        while need > 0 and self.products[pid].kind == "raw":
            s = self.receive(pid, at)  # the shelf is empty: an expedited delivery, at once
            need = self._take(s, need, into, unit, at)
        self.queues[pid] = [s for s in self.queues[pid] if s.left > 0]
        self._reorder(pid, at)

    def _take(self, s: StockLot, need: Decimal, into: Lot, unit: str, at: datetime) -> Decimal:
        take = min(need, s.left)
        s.left -= take
        n = self.core.next_number("link")
        self.journal.put("mes.genealogy", LotLink(
            id=f"LL-{n:07d}", parent_lot_id=s.lot.id, child_lot_id=into.id, quantity=qty(take),
            unit=unit, linked_at=at), at)
        if s.lot.id in self.suspect:
            self.suspect.setdefault(into.id, self.suspect[s.lot.id])
        return need - take

    def add(self, lot: Lot, ready: datetime) -> StockLot:
        s = StockLot(lot, ready, lot.quantity)
        self.queues[lot.product_id].append(s)
        return s

    def available(self, pid: str) -> Decimal:
        """On the shelf or on the way (batches under way, deliveries ordered)."""
        return sum((s.left for s in self.queues[pid]), Decimal(0))

    def _reorder(self, pid: str, at: datetime) -> None:
        if self.available(pid) >= self._point(pid):
            return
        if self.products[pid].kind == "raw":
            due = self._delivery_due.get(pid)
            if due is None or due <= at:
                arrive = at + timedelta(hours=self.rng.uniform(3, 10))
                if arrive < self.horizon:
                    self._delivery_due[pid] = arrive
                    self.receive(pid, arrive)
            return
        while self.available(pid) < self._point(pid):
            if self.make_batch(pid, self._batch(pid), at) is None:
                return

    def receive(self, pid: str, at: datetime) -> StockLot:
        """A supplier delivery of the standard receipt size, received (and usable) at `at`."""
        size, _ = layout.RAW_RECEIPTS[pid]
        lot = self.lots.make_lot(pid, LotKind.RAW, size, at, **self.lots.supplier_lot(pid, at))
        if self.rng.random() < SUSPECT_SHARE:
            self.suspect[lot.id] = SUSPECT_CATEGORY[pid]
        self.journal.put("mes.lots", lot, at)
        receipt = self.stockroom.receipt(pid, size, at, ReceiptStatus.RECEIVED)
        self.journal.put("mes.receipts", receipt, at)
        return self.add(lot, at)

    # --- the hand-over ---------------------------------------------------------------------
    def hand_over(self, at: datetime) -> None:
        """What is on the shelf at `at` becomes the detailed simulation's stock, oldest first."""
        for queue in self.queues.values():
            for s in sorted(queue, key=lambda s: (s.ready, s.lot.id)):
                if s.left > 0 and s.ready <= at:
                    self.lots.adopt_stock(s.lot, s.left)
