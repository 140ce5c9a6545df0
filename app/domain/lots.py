"""Lots, the genealogy that links them, and serials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from app.domain.common import Record


class LotKind(StrEnum):
    RAW = "raw"
    WIP = "wip"
    FINISHED = "finished"


@dataclass(slots=True, kw_only=True)
class Lot(Record):
    number: str
    product_id: str
    kind: LotKind
    quantity: Decimal
    unit: str
    created_at: datetime
    work_order_id: str | None = None
    machine_id: str | None = None
    supplier: str | None = None
    supplier_lot: str | None = None


@dataclass(slots=True, kw_only=True)
class LotLink(Record):
    """`parent_lot_id` was consumed into `child_lot_id`, this much of it."""

    parent_lot_id: str
    child_lot_id: str
    quantity: Decimal
    unit: str
    linked_at: datetime


@dataclass(slots=True, kw_only=True)
class Serial(Record):
    """`id` is the serial number."""

    lot_id: str
    product_id: str
    created_at: datetime
