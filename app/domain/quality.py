"""Characteristics to control, measurements taken, defects recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.domain.common import Record


@dataclass(slots=True, kw_only=True)
class Characteristic(Record):
    product_id: str
    operation_sequence: int
    name: str
    unit: str
    lsl: Decimal | None
    usl: Decimal | None
    target: Decimal | None
    subgroup_size: int = 5
    critical: bool = False


@dataclass(slots=True, kw_only=True)
class Measurement(Record):
    characteristic_id: str
    value: Decimal
    measured_at: datetime
    lot_id: str | None = None
    work_order_id: str | None = None
    machine_id: str | None = None
    subgroup: int | None = None


@dataclass(slots=True, kw_only=True)
class DefectRecord(Record):
    code: str
    quantity: Decimal
    recorded_at: datetime
    product_id: str | None = None
    lot_id: str | None = None
    work_order_id: str | None = None
    machine_id: str | None = None
