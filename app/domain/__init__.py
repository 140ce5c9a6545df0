"""The shared vocabulary of Gemba Console: plain dataclasses and enums, no Qt, no I/O.

Every record carries the `id` it has in its own source and a `version`; inside the console a
record is keyed by (source, id), so two sources may use the same ids. Display numbers such as
SO-1042 are fields, never keys. Quantities are `Decimal` with a unit of measure; rates and
durations say their unit in their name. Times are timezone-aware UTC; dates that people promise
are plain `date`s.
"""

from app.domain.actions import Action, ActionKind
from app.domain.calendar import Calendar, Holiday, PlannedMaintenance, Shift
from app.domain.common import Record, Tombstone
from app.domain.crm import (
    Activity,
    ActivityKind,
    Complaint,
    ComplaintStatus,
    Contact,
    Customer,
    Opportunity,
    OpportunityStage,
    OrderLine,
    OrderStatus,
    PromiseChange,
    SalesOrder,
    Severity,
    Shipment,
    ShipmentLot,
)
from app.domain.equipment import Equipment, EquipmentLevel, Site
from app.domain.lots import Lot, LotKind, LotLink, Serial
from app.domain.machines import (
    Downtime,
    MachineState,
    MachineStatus,
    ProductionCount,
    StateEvent,
)
from app.domain.materials import ExpectedReceipt, ReceiptStatus, StockLevel
from app.domain.production import (
    FulfilmentLink,
    Operation,
    OperationStatus,
    WorkOrder,
    WorkOrderStatus,
)
from app.domain.products import BomItem, OperationTemplate, Product, Routing, UnitConversion
from app.domain.quality import Characteristic, DefectRecord, Measurement

__all__ = [
    "Action", "ActionKind",  # user actions that change a backend (queued in the outbox)
    "Activity", "ActivityKind", "BomItem", "Calendar", "Characteristic", "Complaint",
    "ComplaintStatus", "Contact", "Customer", "DefectRecord", "Downtime", "Equipment",
    "EquipmentLevel", "ExpectedReceipt", "FulfilmentLink", "Holiday", "Lot", "LotKind", "LotLink",
    "MachineState", "MachineStatus", "Measurement", "Operation", "OperationStatus",
    "OperationTemplate", "Opportunity", "OpportunityStage", "OrderLine", "OrderStatus",
    "PlannedMaintenance", "Product", "ProductionCount", "PromiseChange", "ReceiptStatus", "Record",
    "Routing", "SalesOrder", "Serial", "Severity", "Shift", "Shipment", "ShipmentLot", "Site",
    "StateEvent", "StockLevel", "Tombstone", "UnitConversion", "WorkOrder", "WorkOrderStatus",
]
