"""Finding where a trace starts: lots by id, number or supplier lot, serials, work orders and
sales orders, by exact or prefix match, case-insensitive.

Matches are (kind, key, exact, lot ids) tuples; `Genealogy.find` merges and ranks them.
Lot keys are searched in memory (sorted keys, bisect); serials, work order numbers and sales
orders are read from the cache, at most LIMIT per kind.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, or_, select

from app.cache.feed_maps import feed_map
from app.cache.store import CacheStore

if TYPE_CHECKING:
    from app.analytics.trace import LotInfo

KINDS = ("lot", "serial", "supplier_lot", "work_order", "sales_order")
LIMIT = 50  # per kind: a one-letter prefix must not list a million lots

Match = tuple[str, str, bool, tuple[str, ...]]


class LotIndex:
    """Sorted (folded key, kind, key, lot id) entries of the lots held, for prefix search."""

    def __init__(self, lots: Iterable[LotInfo]) -> None:
        entries: list[tuple[str, str, str, str]] = []
        self.by_work_order: dict[str, list[str]] = {}
        for lot in lots:
            entries.append((lot.number.casefold(), "lot", lot.number, lot.id))
            if lot.id != lot.number:
                entries.append((lot.id.casefold(), "lot", lot.number, lot.id))
            if lot.supplier_lot:
                entries.append((lot.supplier_lot.casefold(), "supplier_lot", lot.supplier_lot,
                                lot.id))
            if lot.work_order_id:
                self.by_work_order.setdefault(lot.work_order_id, []).append(lot.id)
        for work_order_id in self.by_work_order:
            entries.append((work_order_id.casefold(), "work_order", work_order_id, ""))
        entries.sort()
        self._entries = entries

    def find(self, needle: str) -> list[Match]:
        found: dict[tuple[str, str], tuple[bool, list[str]]] = {}
        counts = dict.fromkeys(KINDS, 0)
        place = bisect_left(self._entries, (needle,))
        for folded, kind, key, lot_id in self._entries[place:]:
            if not folded.startswith(needle):
                break
            if (kind, key) not in found:
                if counts[kind] >= LIMIT:
                    continue
                counts[kind] += 1
                found[(kind, key)] = (folded == needle, [])
            exact, lot_ids = found[(kind, key)]
            if folded == needle and not exact:
                found[(kind, key)] = (True, lot_ids)
            if kind == "work_order":
                lot_ids.extend(self.by_work_order[key])
            else:
                lot_ids.append(lot_id)
        return [(kind, key, exact, tuple(lot_ids))
                for (kind, key), (exact, lot_ids) in found.items()]


def _prefix(column: Any, needle: str) -> ColumnElement[bool]:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(escaped + "%", escape="\\")


def serials(store: CacheStore, mes_source: str, needle: str) -> list[Match]:
    table = feed_map("mes.serials").table
    query = select(table.c.id, table.c.lot_id).where(
        table.c.source == mes_source, _prefix(table.c.id, needle)).order_by(
            table.c.id).limit(LIMIT)
    with store.engine.connect() as conn:
        return [("serial", serial, serial.casefold() == needle, (lot_id,))
                for serial, lot_id in conn.execute(query)]


def work_orders(store: CacheStore, mes_source: str, needle: str,
                index: LotIndex) -> list[Match]:
    """Work orders by id or number, keyed by number, leading to the lots they made. Work
    order ids named by lots but not in the cache are still found, keyed by id."""
    table = feed_map("mes.work_orders").table
    query = select(table.c.id, table.c.number, table.c.output_lot_id).where(
        table.c.source == mes_source,
        or_(_prefix(table.c.id, needle), _prefix(table.c.number, needle))).order_by(
            table.c.number).limit(LIMIT)
    with store.engine.connect() as conn:
        rows = list(conn.execute(query))
    known = {row[0] for row in rows}
    found: list[Match] = []
    for work_order_id, number, output_lot_id in rows:
        lot_ids = list(index.by_work_order.get(work_order_id, ()))
        if output_lot_id and output_lot_id not in lot_ids:
            lot_ids.append(output_lot_id)
        exact = needle in (work_order_id.casefold(), number.casefold())
        found.append(("work_order", number, exact, tuple(lot_ids)))
    found += [match for match in index.find(needle)
              if match[0] == "work_order" and match[1] not in known]
    return found


def sales_orders(store: CacheStore, crm_source: str, needle: str) -> list[Match]:
    """Sales orders by id or number, leading to the lots shipped on them."""
    orders = feed_map("crm.orders").table
    shipments = feed_map("crm.shipments").table
    shipment_lots = shipments.metadata.tables["shipment_lots"]
    matched = select(orders.c.id, orders.c.number).where(
        orders.c.source == crm_source,
        or_(_prefix(orders.c.id, needle), _prefix(orders.c.number, needle))).order_by(
            orders.c.number).limit(LIMIT).subquery()
    query = (
        select(matched.c.id, matched.c.number, shipment_lots.c.lot_id)
        .select_from(matched)
        .outerjoin(shipments, (shipments.c.source == crm_source)
                   & (shipments.c.order_id == matched.c.id))
        .outerjoin(shipment_lots, (shipment_lots.c.source == crm_source)
                   & (shipment_lots.c.shipment_id == shipments.c.id))
    )
    found: dict[str, tuple[bool, set[str]]] = {}
    with store.engine.connect() as conn:
        for order_id, number, lot_id in conn.execute(query):
            exact, lot_ids = found.setdefault(
                number, (needle in (order_id.casefold(), number.casefold()), set()))
            if lot_id is not None:
                lot_ids.add(lot_id)
    return [("sales_order", number, exact, tuple(sorted(lot_ids)))
            for number, (exact, lot_ids) in found.items()]
