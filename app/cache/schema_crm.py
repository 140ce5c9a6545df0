"""Tables for what the CRM owns: customers, contacts, opportunities, orders, shipments..."""

from __future__ import annotations

from app.cache.schema_common import (
    child_table,
    day,
    decimal,
    document,
    flag,
    integer,
    key_part,
    moment,
    record_table,
    source_index,
    text,
)
from app.cache.schema_mes import search_index

customers = record_table(
    "customers",
    text("name"), text("number"), flag("key_account"), text("language"), text("country"),
    source_index("number"),
)

contacts = record_table(
    "contacts",
    text("customer_id"), text("name"), text("email"), text("phone"), text("language"),
    source_index("customer_id"),
)

opportunities = record_table(
    "opportunities",
    text("customer_id"), text("name"), text("product_id"), decimal("quantity"), text("unit"),
    text("stage"), decimal("probability"), day("expected_close"),
    source_index("customer_id"),
)

sales_orders = record_table(
    "sales_orders",
    text("number"), text("customer_id"), text("status"), integer("priority"),
    text("customer_po"), moment("created_at"),
    source_index("customer_id"), source_index("number"),
)
search_index(sales_orders, "id")  # the Traceability view's search
search_index(sales_orders, "number")

order_lines = child_table(
    "order_lines", sales_orders, [key_part("order_id")], [key_part("line_no", number=True)],
    text("product_id"), decimal("quantity"), text("unit"), day("requested_date"),
    day("promised_date", nullable=True), document("options"),
    source_index("product_id"),
)

# The history of a line's promised date; `seq` is its place in the history (oldest first).
promise_changes = child_table(
    "promise_changes", order_lines,
    [key_part("order_id"), key_part("line_no", number=True)], [key_part("seq", number=True)],
    moment("changed_at"), day("old_date", nullable=True), day("new_date"), text("by"),
    text("reason"),
)

activities = record_table(
    "activities",
    text("order_id"), text("kind"), text("subject"), text("body"), moment("created_at"),
    source_index("order_id"),
)

shipments = record_table(
    "shipments",
    text("order_id"), integer("line_no"), text("customer_id"), decimal("quantity"), text("unit"),
    moment("shipped_at"),
    source_index("order_id", "line_no"), source_index("customer_id"),
)

shipment_lots = child_table(
    "shipment_lots", shipments, [key_part("shipment_id")], [key_part("position", number=True)],
    text("lot_id"), decimal("quantity"),
    source_index("lot_id"),
)

# Findings are short texts that only ever travel with their complaint: kept as a JSON list.
complaints = record_table(
    "complaints",
    text("number"), text("customer_id"), text("order_id", nullable=True),
    text("product_id", nullable=True), text("lot_id", nullable=True),
    text("serial", nullable=True), text("category"), text("severity"), text("status"),
    text("description"), moment("opened_at"), document("findings"),
    source_index("customer_id"), source_index("lot_id"), source_index("order_id"),
)

__all__ = [
    "activities", "complaints", "contacts", "customers", "opportunities", "order_lines",
    "promise_changes", "sales_orders", "shipment_lots", "shipments",
]
