"""Materials: stock on hand per item and location, and receipts expected from suppliers.

Items and their bills of materials are the products feed (`Product.kind` raw, component or
finished); this module says how much of each there is and what is coming in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from app.domain.common import Record


@dataclass(slots=True, kw_only=True)
class StockLevel(Record):
    """Stock of one item at one location; `id` is "<item_id>@<location>".

    `reserved` is allocated to released work orders or orders and not consumed yet, so what is
    free to promise is `on_hand - reserved`. `safety_stock` is the level below which the item is
    reordered or replenished.
    """

    item_id: str
    location: str
    on_hand: Decimal
    reserved: Decimal
    safety_stock: Decimal
    unit: str
    counted_at: datetime


class ReceiptStatus(StrEnum):
    OPEN = "open"
    RECEIVED = "received"
    CANCELLED = "cancelled"


@dataclass(slots=True, kw_only=True)
class ExpectedReceipt(Record):
    """One purchase order line expected from a supplier; `id` is the line's id."""

    purchase_order: str  # "PO-4711"
    supplier: str
    item_id: str
    quantity: Decimal
    unit: str
    expected_at: datetime
    status: ReceiptStatus
