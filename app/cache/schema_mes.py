"""Tables for what the MES owns: equipment, calendars, products, work orders, machines,
quality, lots, stock and expected receipts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Index, String, Table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app.cache.schema_common import (
    child_table,
    day,
    decimal,
    document,
    flag,
    integer,
    key_part,
    moment,
    position,
    record_table,
    source_index,
    text,
)
from app.cache.types import JsonDocument


class folded(FunctionElement[str]):  # noqa: N801 - used like func.lower
    """lower(column) in code point order, so that "starts with" is a range an index serves.
    PostgreSQL needs COLLATE "C" for that (in a plant's locale "éa" lies between "e" and "f",
    so the range of "e" would hold it); SQLite's default collation compares bytes already,
    and has no "C"."""

    type = String()
    name = "folded"
    inherit_cache = True


@compiles(folded)
def _folded(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, "postgresql")
def _folded_postgresql(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    # The collation inside lower(): PostgreSQL reflects it with the expression (Alembic then
    # compares the index), and lower() keeps its argument's collation.
    return f'lower({compiler.process(element.clauses, **kw)} COLLATE "C")'


def search_index(table: Table, column: str) -> Index:
    """Case-insensitive prefix search on `column` within one source (migration 0008)."""
    return Index(f"ix_{table.name}_source_folded_{column}", table.c.source,
                 folded(table.c[column]))


sites = record_table("sites", text("name"), text("time_zone"))

equipment = record_table(
    "equipment",
    text("site_id"), text("level"), text("name"), text("parent_id", nullable=True),
    source_index("site_id"), source_index("parent_id"),
)

# Shifts, holidays and maintenance are read whole by the scheduler, never queried one by one:
# JSON documents keep the calendar a single row.
calendars = record_table(
    "calendars",
    text("site_id"), document("work_center_ids"), document("shifts"), document("holidays"),
    document("maintenance"),
    source_index("site_id"),
)

products = record_table(
    "products",
    text("code"), text("name"), text("unit"), text("kind"),
    decimal("lead_time_days", nullable=True),
    source_index("code"),
)

unit_conversions = child_table(
    "unit_conversions", products, [key_part("product_id")],
    [key_part("from_unit"), key_part("to_unit")],
    decimal("factor"), position(),
)

# The routing's operation templates: the one source of a machine's ideal rate for a product.
routing_operations = child_table(
    "routing_operations", products, [key_part("product_id")],
    [key_part("sequence", number=True)],
    text("name"), text("work_center_id"), decimal("setup_minutes"),
    decimal("run_seconds_per_unit"),
    source_index("work_center_id"),
)

bom_items = child_table(
    "bom_items", products, [key_part("product_id")], [key_part("position", number=True)],
    text("component_id"), decimal("quantity_per_unit"), text("unit"),
    source_index("component_id"),
)

work_orders = record_table(
    "work_orders",
    text("number"), text("product_id"), decimal("quantity"), text("unit"), decimal("good"),
    decimal("scrap"), text("status"), integer("priority"), day("due_date", nullable=True),
    text("output_lot_id", nullable=True),
    # References to the customer order, for MES backends that give no links (0003).
    Column("sales_order_ref", String, nullable=False, server_default=""),
    integer("sales_line_ref", nullable=True),
    Column("customer_po", String, nullable=False, server_default=""),
    # Production parameters from a released line's options (0011).
    Column("parameters", JsonDocument, nullable=False, server_default="{}"),
    source_index("product_id"), source_index("status"),
)

search_index(work_orders, "id")
search_index(work_orders, "number")

work_order_operations = child_table(
    "work_order_operations", work_orders, [key_part("work_order_id")],
    [key_part("sequence", number=True)],
    text("work_center_id"), text("machine_id", nullable=True), text("status"),
    moment("planned_start", nullable=True), moment("planned_end", nullable=True),
    moment("actual_start", nullable=True), moment("actual_end", nullable=True),
    decimal("good"), decimal("scrap"),
    source_index("machine_id"),
)

# Order line <-> work order. The order belongs to a CRM source, so there is no foreign key to
# order_lines; the index serves "which work orders make this line".
fulfilment_links = child_table(
    "fulfilment_links", work_orders, [key_part("work_order_id")],
    [key_part("order_id"), key_part("line_no", number=True)],
    decimal("quantity"), text("unit"), position(),
    source_index("order_id", "line_no"),
)

machine_status = record_table(
    "machine_status",
    text("state"), moment("since"), text("work_order_id", nullable=True), decimal("good_count"),
    decimal("scrap_count"), document("signals"), text("reason"),
)

machine_events = record_table(
    "machine_events",
    text("machine_id"), text("state"), moment("start"), moment("end", nullable=True),
    text("reason"),
    source_index("machine_id", "start"), source_index("machine_id", "end"),
)

production_counts = record_table(
    "production_counts",
    text("machine_id"), text("work_order_id", nullable=True), text("product_id", nullable=True),
    moment("start"), moment("end"), decimal("good"), decimal("scrap"),
    source_index("machine_id", "start"), source_index("machine_id", "end"),
    source_index("work_order_id"),
)

downtime = record_table(
    "downtime",
    text("machine_id"), moment("start"), moment("end", nullable=True), text("reason"),
    flag("planned"),
    source_index("machine_id", "start"), source_index("machine_id", "end"),
)

characteristics = record_table(
    "characteristics",
    text("product_id"), integer("operation_sequence"), text("name"), text("unit"),
    decimal("lsl", nullable=True), decimal("usl", nullable=True),
    decimal("target", nullable=True), integer("subgroup_size"), flag("critical"),
    source_index("product_id"),
)

measurements = record_table(
    "measurements",
    text("characteristic_id"), decimal("value"), moment("measured_at"),
    text("lot_id", nullable=True), text("work_order_id", nullable=True),
    text("machine_id", nullable=True), integer("subgroup", nullable=True),
    source_index("characteristic_id", "measured_at"), source_index("lot_id"),
)

defects = record_table(
    "defects",
    text("code"), decimal("quantity"), moment("recorded_at"), text("product_id", nullable=True),
    text("lot_id", nullable=True), text("work_order_id", nullable=True),
    text("machine_id", nullable=True),
    source_index("recorded_at"), source_index("lot_id"), source_index("product_id"),
    source_index("machine_id"),
)

lots = record_table(
    "lots",
    text("number"), text("product_id"), text("kind"), decimal("quantity"), text("unit"),
    moment("created_at"), text("work_order_id", nullable=True),
    text("machine_id", nullable=True), text("supplier", nullable=True),
    text("supplier_lot", nullable=True),
    source_index("number"), source_index("work_order_id"), source_index("supplier_lot"),
)

# The Traceability view's search: lots by id, number, supplier lot and work order.
for _column in ("id", "number", "supplier_lot", "work_order_id"):
    search_index(lots, _column)

# Genealogy: both directions are walked by the trace, so both ends are indexed.
lot_links = record_table(
    "lot_links",
    text("parent_lot_id"), text("child_lot_id"), decimal("quantity"), text("unit"),
    moment("linked_at"),
    source_index("parent_lot_id"), source_index("child_lot_id"),
)

serials = record_table(
    "serials",
    text("lot_id"), text("product_id"), moment("created_at"),
    source_index("lot_id"),
)
search_index(serials, "id")

# Stock per item and location ("<item_id>@<location>"), and purchase order lines due in (0004).
stock_levels = record_table(
    "stock_levels",
    text("item_id"), text("location"), decimal("on_hand"), decimal("reserved"),
    decimal("safety_stock"), text("unit"), moment("counted_at"),
    source_index("item_id"),
)

expected_receipts = record_table(
    "expected_receipts",
    text("purchase_order"), text("supplier"), text("item_id"), decimal("quantity"), text("unit"),
    moment("expected_at"), text("status"),
    source_index("item_id"),
)
