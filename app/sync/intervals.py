"""How often each feed is read by default; also how old its data may be before the console
calls it stale. Standard library only: the window's first frame reads it."""

from __future__ import annotations

# Seconds between reads of each feed: live status often, master data rarely.
DEFAULT_INTERVALS: dict[str, float] = {
    "mes.machine_status": 1.5,
    "mes.machine_events": 5,
    "mes.production_counts": 10,
    "mes.downtime": 10,
    "mes.work_orders": 15,
    "crm.orders": 15,
    "mes.measurements": 15,
    "mes.defects": 20,
    "mes.lots": 20,
    "mes.genealogy": 20,
    "mes.serials": 30,
    "mes.stock": 30,
    "mes.receipts": 60,
    "crm.shipments": 30,
    "crm.complaints": 30,
    "crm.activities": 30,
    "crm.customers": 120,
    "crm.contacts": 120,
    "crm.opportunities": 120,
    "mes.products": 300,
    "mes.characteristics": 300,
    "mes.calendars": 600,
    "mes.sites": 600,
    "mes.equipment": 600,
}
