"""Names people read for the contract's feeds ("Sales orders", not "crm.orders")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.contract import FEEDS

_NAMES: dict[str, str] = {
    "crm.customers": QT_TRANSLATE_NOOP("FeedNames", "Customers"),
    "crm.contacts": QT_TRANSLATE_NOOP("FeedNames", "Customer contacts"),
    "crm.orders": QT_TRANSLATE_NOOP("FeedNames", "Sales orders"),
    "crm.opportunities": QT_TRANSLATE_NOOP("FeedNames", "Opportunities"),
    "crm.complaints": QT_TRANSLATE_NOOP("FeedNames", "Complaints"),
    "crm.shipments": QT_TRANSLATE_NOOP("FeedNames", "Shipments"),
    "crm.activities": QT_TRANSLATE_NOOP("FeedNames", "Order activities"),
    "mes.sites": QT_TRANSLATE_NOOP("FeedNames", "Sites"),
    "mes.equipment": QT_TRANSLATE_NOOP("FeedNames", "Equipment"),
    "mes.calendars": QT_TRANSLATE_NOOP("FeedNames", "Shift calendars"),
    "mes.products": QT_TRANSLATE_NOOP("FeedNames", "Products"),
    "mes.work_orders": QT_TRANSLATE_NOOP("FeedNames", "Work orders"),
    "mes.machine_status": QT_TRANSLATE_NOOP("FeedNames", "Machine status"),
    "mes.machine_events": QT_TRANSLATE_NOOP("FeedNames", "Machine state changes"),
    "mes.production_counts": QT_TRANSLATE_NOOP("FeedNames", "Production counts"),
    "mes.downtime": QT_TRANSLATE_NOOP("FeedNames", "Downtime"),
    "mes.characteristics": QT_TRANSLATE_NOOP("FeedNames", "Quality characteristics"),
    "mes.measurements": QT_TRANSLATE_NOOP("FeedNames", "Measurements"),
    "mes.defects": QT_TRANSLATE_NOOP("FeedNames", "Defects"),
    "mes.lots": QT_TRANSLATE_NOOP("FeedNames", "Lots"),
    "mes.genealogy": QT_TRANSLATE_NOOP("FeedNames", "Lot genealogy"),
    "mes.serials": QT_TRANSLATE_NOOP("FeedNames", "Serials"),
    "mes.stock": QT_TRANSLATE_NOOP("FeedNames", "Stock"),
    "mes.receipts": QT_TRANSLATE_NOOP("FeedNames", "Expected receipts"),
}

ALL_FEEDS: frozenset[str] = frozenset(spec.name for spec in FEEDS)
_ORDER: dict[str, int] = {spec.name: position for position, spec in enumerate(FEEDS)}


def feed_name(feed: str) -> str:
    """The translated name, or the feed's id for a feed this console does not know yet."""
    source_text = _NAMES.get(feed)
    if source_text is None:
        return feed
    return QCoreApplication.translate("FeedNames", source_text)


def feed_order(feed: str) -> int:
    """Position in the contract (CRM first, master data before transactions), for sorting."""
    return _ORDER.get(feed, len(_ORDER))
