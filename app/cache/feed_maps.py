"""Which table each feed of the reference contract is cached in, and where its lists go."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from app import domain as d
from app.cache.mapping import FieldCodec, ListMap, RecordMap
from app.cache.schema import crm, mes

# --- calendars keep their shifts, holidays and maintenance as JSON documents ---------------


def _shifts_to_json(shifts: list[d.Shift]) -> list[dict[str, Any]]:
    return [{"name": s.name, "weekdays": list(s.weekdays), "start": s.start.isoformat(),
             "end": s.end.isoformat()} for s in shifts]


def _shifts_from_json(items: list[dict[str, Any]]) -> list[d.Shift]:
    return [d.Shift(name=i["name"], weekdays=list(i["weekdays"]),
                    start=time.fromisoformat(i["start"]), end=time.fromisoformat(i["end"]))
            for i in items]


def _holidays_to_json(holidays: list[d.Holiday]) -> list[dict[str, Any]]:
    return [{"day": h.day.isoformat(), "name": h.name} for h in holidays]


def _holidays_from_json(items: list[dict[str, Any]]) -> list[d.Holiday]:
    return [d.Holiday(day=date.fromisoformat(i["day"]), name=i["name"]) for i in items]


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the cache stores aware UTC times only")
    return moment.astimezone(UTC).isoformat()


def _maintenance_to_json(items: list[d.PlannedMaintenance]) -> list[dict[str, Any]]:
    return [{"machine_id": m.machine_id, "start": _utc_text(m.start), "end": _utc_text(m.end),
             "reason": m.reason} for m in items]


def _maintenance_from_json(items: list[dict[str, Any]]) -> list[d.PlannedMaintenance]:
    return [d.PlannedMaintenance(
        machine_id=i["machine_id"], reason=i["reason"],
        start=datetime.fromisoformat(i["start"]).astimezone(UTC),
        end=datetime.fromisoformat(i["end"]).astimezone(UTC)) for i in items]


_CALENDAR_CODECS = {
    "shifts": FieldCodec(_shifts_to_json, _shifts_from_json),
    "holidays": FieldCodec(_holidays_to_json, _holidays_from_json),
    "maintenance": FieldCodec(_maintenance_to_json, _maintenance_from_json),
}

# --- lists stored in child tables ----------------------------------------------------------

_PROMISE_CHANGES = ListMap(
    crm.promise_changes, d.PromiseChange, "promise_history",
    key_columns=("order_id", "line_no", "seq"),
    walk=lambda orders: [((order.id, line.line_no, seq), change)
                         for order in orders for line in order.lines if line.promise_history
                         for seq, change in enumerate(line.promise_history)],
    owner_key=("order_id", "line_no"),
)

_ORDER_LINES = ListMap(
    crm.order_lines, d.OrderLine, "lines",
    key_columns=("order_id",),
    owner_key=("order_id",), own_key=("order_id", "line_no"),
    lists=(_PROMISE_CHANGES,),
)

_SHIPMENT_LOTS = ListMap(
    crm.shipment_lots, d.ShipmentLot, "lots",
    key_columns=("shipment_id", "position"),
    numbered=True,
    owner_key=("shipment_id",),
)

_UNIT_CONVERSIONS = ListMap(
    mes.unit_conversions, d.UnitConversion, "conversions",
    key_columns=("product_id", "position"),
    numbered=True,
    owner_key=("product_id",), order_by=("product_id", "position"),
)

_ROUTING_OPERATIONS = ListMap(
    mes.routing_operations, d.OperationTemplate, "routing",
    key_columns=("product_id",),
    path="routing.operations",
    owner_key=("product_id",),
    wrap=lambda operations: d.Routing(operations=operations),
)

_BOM_ITEMS = ListMap(
    mes.bom_items, d.BomItem, "bom",
    key_columns=("product_id", "position"),
    numbered=True,
    owner_key=("product_id",),
)

_WORK_ORDER_OPERATIONS = ListMap(
    mes.work_order_operations, d.Operation, "operations",
    key_columns=("work_order_id",),
    owner_key=("work_order_id",),
)

_FULFILMENT_LINKS = ListMap(
    mes.fulfilment_links, d.FulfilmentLink, "links",
    key_columns=("work_order_id", "position"),
    numbered=True,
    owner_key=("work_order_id",), order_by=("work_order_id", "position"),
)

# --- one map per feed ------------------------------------------------------------------------

FEED_MAPS: dict[str, RecordMap] = {m.feed: m for m in (
    RecordMap("crm.customers", crm.customers, d.Customer),
    RecordMap("crm.contacts", crm.contacts, d.Contact),
    RecordMap("crm.orders", crm.sales_orders, d.SalesOrder, lists=(_ORDER_LINES,)),
    RecordMap("crm.opportunities", crm.opportunities, d.Opportunity),
    RecordMap("crm.complaints", crm.complaints, d.Complaint),
    RecordMap("crm.shipments", crm.shipments, d.Shipment, lists=(_SHIPMENT_LOTS,)),
    RecordMap("crm.activities", crm.activities, d.Activity),
    RecordMap("mes.sites", mes.sites, d.Site),
    RecordMap("mes.equipment", mes.equipment, d.Equipment),
    RecordMap("mes.calendars", mes.calendars, d.Calendar, codecs=_CALENDAR_CODECS),
    RecordMap("mes.products", mes.products, d.Product,
              lists=(_UNIT_CONVERSIONS, _ROUTING_OPERATIONS, _BOM_ITEMS)),
    RecordMap("mes.work_orders", mes.work_orders, d.WorkOrder,
              lists=(_WORK_ORDER_OPERATIONS, _FULFILMENT_LINKS)),
    RecordMap("mes.machine_status", mes.machine_status, d.MachineStatus),
    RecordMap("mes.machine_events", mes.machine_events, d.StateEvent),
    RecordMap("mes.production_counts", mes.production_counts, d.ProductionCount),
    RecordMap("mes.downtime", mes.downtime, d.Downtime),
    RecordMap("mes.characteristics", mes.characteristics, d.Characteristic),
    RecordMap("mes.measurements", mes.measurements, d.Measurement),
    RecordMap("mes.defects", mes.defects, d.DefectRecord),
    RecordMap("mes.lots", mes.lots, d.Lot),
    RecordMap("mes.genealogy", mes.lot_links, d.LotLink),
    RecordMap("mes.serials", mes.serials, d.Serial),
    RecordMap("mes.stock", mes.stock_levels, d.StockLevel),
    RecordMap("mes.receipts", mes.expected_receipts, d.ExpectedReceipt),
)}


def feed_map(feed: str) -> RecordMap:
    try:
        return FEED_MAPS[feed]
    except KeyError:
        raise KeyError(f"the cache has no table for feed {feed!r}") from None
