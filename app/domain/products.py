"""Products with units and conversions, routings and bills of materials.

The ideal rate of a machine for a product comes from the routing: one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.domain.common import Record


@dataclass(slots=True, kw_only=True)
class UnitConversion:
    """`1 from_unit = factor × to_unit` for this product."""

    from_unit: str
    to_unit: str
    factor: Decimal


@dataclass(slots=True, kw_only=True)
class OperationTemplate:
    sequence: int
    name: str
    work_center_id: str
    setup_minutes: Decimal
    run_seconds_per_unit: Decimal


@dataclass(slots=True, kw_only=True)
class Routing:
    operations: list[OperationTemplate] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class BomItem:
    component_id: str
    quantity_per_unit: Decimal
    unit: str


@dataclass(slots=True, kw_only=True)
class Product(Record):
    code: str
    name: str
    unit: str
    kind: str = "finished"  # finished, component, raw
    # A bought item's purchasing lead time: days from ordering to receipt (None: not given).
    # The plan counts on it for a need that neither stock nor an expected receipt covers.
    lead_time_days: Decimal | None = None
    conversions: list[UnitConversion] = field(default_factory=list)
    routing: Routing = field(default_factory=Routing)
    bom: list[BomItem] = field(default_factory=list)
