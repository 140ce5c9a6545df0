"""The feeds each Overview figure is made of, defined once for the views.

The Overview's header ages its data by OVERVIEW_FEEDS (what the figures count), the figures
are worked out again when any of KPI_FEEDS changes, and a tile whose inputs are still in their
first read shows how far that got instead of a figure made of part of the data.
"""

from __future__ import annotations

from app.contract import FEEDS

# What each figure counts.
KPI_DATA: dict[str, frozenset[str]] = {
    "on_time_delivery": frozenset({"crm.orders", "crm.shipments"}),
    "lead_time": frozenset({"crm.orders", "crm.shipments"}),
    "orders_at_risk": frozenset({"crm.orders", "crm.shipments", "mes.work_orders",
                                 "mes.machine_status"}),
    "oee": frozenset({"mes.machine_events", "mes.production_counts"}),
    "first_pass_yield": frozenset({"mes.production_counts", "mes.defects"}),
    "scrap_rate": frozenset({"mes.production_counts", "mes.defects"}),
    "open_complaints": frozenset({"crm.complaints"}),
    "wip": frozenset({"mes.work_orders"}),
}
# Master data every figure needs too (the site's time zone and weeks, machines, calendars,
# routings, names). Read every few minutes, so its age is not the figures' age: the header
# that followed it said "9 min ago" while both sources answered.
KPI_REFERENCE: frozenset[str] = frozenset({"crm.customers", "mes.sites", "mes.equipment",
                                           "mes.calendars", "mes.products"})


def _in_contract_order(feeds: set[str] | frozenset[str]) -> tuple[str, ...]:
    return tuple(spec.name for spec in FEEDS if spec.name in feeds)


# The feeds the Overview shows: its "Data as of" is the oldest last read of these.
OVERVIEW_FEEDS: tuple[str, ...] = _in_contract_order(frozenset().union(*KPI_DATA.values()))
# Everything the figures are made of: a change in one works them out again.
KPI_FEEDS: tuple[str, ...] = _in_contract_order(set(OVERVIEW_FEEDS) | KPI_REFERENCE)


def kpi_inputs(name: str) -> frozenset[str]:
    """The feeds figure `name` is made of (all of KPI_FEEDS for one not listed)."""
    data = KPI_DATA.get(name)
    return data | KPI_REFERENCE if data is not None else frozenset(KPI_FEEDS)
