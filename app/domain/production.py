"""Work orders, their operations, and their links to customer order lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from app.domain.common import Record


class WorkOrderStatus(StrEnum):
    PLANNED = "planned"
    RELEASED = "released"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class OperationStatus(StrEnum):
    PENDING = "pending"
    SETUP = "setup"
    RUNNING = "running"
    DONE = "done"


@dataclass(slots=True, kw_only=True)
class Operation:
    sequence: int
    work_center_id: str
    machine_id: str | None = None
    status: OperationStatus = OperationStatus.PENDING
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    good: Decimal = Decimal(0)
    scrap: Decimal = Decimal(0)


@dataclass(slots=True, kw_only=True)
class FulfilmentLink:
    """Order line ↔ work order, many-to-many, with the quantity this link covers."""

    order_id: str
    line_no: int
    work_order_id: str
    quantity: Decimal
    unit: str


@dataclass(slots=True, kw_only=True)
class WorkOrder(Record):
    number: str
    product_id: str
    quantity: Decimal
    unit: str
    good: Decimal = Decimal(0)
    scrap: Decimal = Decimal(0)
    status: WorkOrderStatus = WorkOrderStatus.PLANNED
    priority: int = 3  # 1 = most urgent
    due_date: date | None = None
    operations: list[Operation] = field(default_factory=list)
    links: list[FulfilmentLink] = field(default_factory=list)
    output_lot_id: str | None = None
    # References to the customer order, for MES backends that give no links: the order's
    # number ("SO-1042"), its line, and the customer's PO. The plant's linking rules match them.
    sales_order_ref: str = ""
    sales_line_ref: int | None = None
    customer_po: str = ""
    # Production instructions from a configured line's options (a routing variant, a BOM item,
    # an operation parameter), as released (app.automation.release): name -> value.
    parameters: dict[str, str] = field(default_factory=dict)

    def units_given(self) -> dict[int, Decimal]:
        """What each operation (by sequence) is given to process, good or scrap: the first the
        work order's quantity, each next what the one before made good once it is done. Scrap
        thins the quantity along the routing; an operation not done passes on what it was
        given (its scrap to come is not known)."""
        given, out = self.quantity, {}
        for op in sorted(self.operations, key=lambda o: o.sequence):
            out[op.sequence] = given
            if op.status is OperationStatus.DONE and op.good > 0:
                given = op.good
        return out
