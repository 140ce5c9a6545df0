"""Materials in the plan: stock on hand, then expected receipts, handed out to the jobs in
dispatch order; a job's first operation starts no earlier than its materials are there.

Stock on hand counts in full: the plan's own allocation is the reservation (the backend's
reserved quantity is mostly these same work orders). Available-to-promise from finished stock
uses on hand less reserved: what is already set aside for other orders cannot ship again.
Safety stock is not spent by the plan's dates either way; the Materials view flags items that
fall below it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain import ExpectedReceipt, StockLevel

OPEN = "open"  # ReceiptStatus.OPEN: a receipt still expected

EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Shortage:
    """A job waits for `item_id`: `missing` (in the item's unit) is not there when it could
    start, and `resolved_at` is when receipts cover it (None: nothing expected covers it)."""

    item_id: str
    missing: float
    unit: str
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class ItemSupply:
    """One item's supply over time: on hand now, then each open receipt at its expected time."""

    unit: str
    times: list[float]  # POSIX seconds, sorted
    cumulative: list[float]  # supply up to and including times[i]

    def ready_time(self, allocated: float) -> float | None:
        """When cumulative supply reaches `allocated` (None: it never does)."""
        i = bisect_left(self.cumulative, allocated - EPSILON)
        return self.times[i] if i < len(self.times) else None


class SupplyBook:
    """Stock and receipts of a snapshot, summed per item; an item's timeline is built the
    first time a job needs it (most of thousands of items are never asked for)."""

    def __init__(self, now: datetime, stock: Iterable[StockLevel],
                 receipts: Iterable[ExpectedReceipt],
                 lead_days: dict[str, Decimal] | None = None) -> None:
        self.t0 = now.timestamp()
        # A need nothing covers is bought now and there a lead time later (items that give one).
        self.bought_at = {item: self.t0 + float(days) * 86400.0
                          for item, days in (lead_days or {}).items()}
        self.on_hand: dict[str, float] = defaultdict(float)
        self.units: dict[str, str] = {}
        for level in stock:
            self.on_hand[level.item_id] += float(level.on_hand)
            self.units.setdefault(level.item_id, level.unit)
        self.arrivals: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for receipt in receipts:
            if receipt.status != OPEN or receipt.quantity <= 0:
                continue
            # A late receipt is still expected: from now, not in the past.
            self.arrivals[receipt.item_id].append(
                (max(receipt.expected_at.timestamp(), self.t0), float(receipt.quantity)))
            self.units.setdefault(receipt.item_id, receipt.unit)
        self._built: dict[str, ItemSupply | None] = {}

    def supply(self, item: str) -> ItemSupply | None:
        """None: the source keeps no stock of the item (nothing to wait for)."""
        if item not in self._built:
            if item not in self.units:
                self._built[item] = None
            else:
                steps = [(self.t0, self.on_hand.get(item, 0.0)),
                         *sorted(self.arrivals.get(item, ()))]
                self._built[item] = ItemSupply(self.units[item], [t for t, _ in steps],
                                               list(accumulate(q for _, q in steps)))
        return self._built[item]


class MaterialLedger:
    """Hands out supply in the order jobs are dispatched: one per planning run, over the
    snapshot's shared SupplyBook."""

    def __init__(self, book: SupplyBook) -> None:
        self.book = book
        self.allocated: dict[str, float] = defaultdict(float)

    @property
    def tracked(self) -> bool:
        """False when the source gives no stock at all: materials are then not checked."""
        return bool(self.book.units)

    def allocate(self, needs: tuple[tuple[str, float], ...]
                 ) -> tuple[float | None, list[Shortage]]:
        """Take `needs` (item, quantity) in full; returns when all of it is there (None: not
        covered by stock, expected receipts or a purchase within the item's lead time, if
        sooner) and the shortages met on the way."""
        ready: float | None = 0.0
        shortages: list[Shortage] = []
        for item, quantity in needs:
            supply = self.book.supply(item)
            if supply is None:
                continue
            before = self.allocated[item]
            available_now = max(supply.cumulative[0] - before, 0.0)
            at = supply.ready_time(before + quantity)
            if available_now + EPSILON < quantity:
                shortages.append(Shortage(item, quantity - available_now, supply.unit,
                                          _dt(at) if at is not None else None))
            if ready is None:
                # The job waits for good on an earlier item: what else it lacks is named (a
                # person sees every item that holds it up) but not taken from other jobs.
                continue
            self.allocated[item] = before + quantity
            # Bought now, it is there a lead time later: sooner than a late receipt, maybe.
            bought = self.book.bought_at.get(item)
            if bought is not None and (at is None or bought < at):
                at = bought
            ready = None if at is None else max(ready, at)
        return ready, shortages


@dataclass(frozen=True, slots=True)
class AvailableToPromise:
    """What can ship from finished stock now, and when the rest is expected from receipts."""

    product_id: str
    requested: Decimal
    from_stock: Decimal
    unit: str
    receipts: tuple[tuple[date, Decimal], ...] = ()  # (local date, quantity) for the rest
    to_make: Decimal = Decimal(0)  # what neither stock nor receipts cover: capacity's job

    @property
    def all_from_stock(self) -> bool:
        return self.to_make == 0 and not self.receipts


def available_to_promise(product_id: str, quantity: Decimal, unit: str,
                         stock: Iterable[StockLevel], receipts: Iterable[ExpectedReceipt],
                         local_date) -> AvailableToPromise:
    free = sum((max(s.on_hand - s.reserved, Decimal(0)) for s in stock
                if s.item_id == product_id), Decimal(0))
    from_stock = min(quantity, free)
    left = quantity - from_stock
    coming: list[tuple[date, Decimal]] = []
    for receipt in sorted((r for r in receipts if r.item_id == product_id
                           and r.status == OPEN), key=lambda r: r.expected_at):
        if left <= 0:
            break
        take = min(left, receipt.quantity)
        coming.append((local_date(receipt.expected_at), take))
        left -= take
    return AvailableToPromise(product_id, quantity, from_stock, unit, tuple(coming), left)


def _dt(t: float) -> datetime:
    from datetime import UTC

    return datetime.fromtimestamp(t, UTC)
