"""Ranking where a trace may start: lots by id, number or supplier lot, serials, work orders
and sales orders, matched exactly or by prefix, case-insensitive.

The matches are read from the cache by `app.runtime.lot_search` (at most LIMIT keys per kind)
as (kind, key, exact, lot ids) tuples; `rank` merges and orders them.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("lot", "serial", "supplier_lot", "work_order", "sales_order")
LIMIT = 50  # per kind: a one-letter prefix must not list a million lots

Match = tuple[str, str, bool, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # "lot", "serial", "work_order", "sales_order", "supplier_lot"
    key: str  # what was matched (lot number, serial, WO number, SO number, supplier lot)
    lot_ids: tuple[str, ...]  # the lots it leads to


def rank(found: list[Match]) -> list[SearchHit]:
    """One hit per (kind, key), its lots merged; exact first, then by kind, then key."""
    hits: dict[tuple[str, str], tuple[bool, set[str]]] = {}
    for kind, key, exact, lot_ids in found:
        held = hits.setdefault((kind, key), (exact, set()))
        hits[(kind, key)] = (held[0] or exact, held[1] | set(lot_ids))
    order = {kind: place for place, kind in enumerate(KINDS)}
    ranked = sorted(hits.items(),
                    key=lambda item: (not item[1][0], order[item[0][0]], item[0][1]))
    return [SearchHit(kind, key, tuple(sorted(lot_ids)))
            for (kind, key), (_, lot_ids) in ranked]


def grouped(kind: str, needle: str, rows: list[tuple[str, str]]) -> list[Match]:
    """Matches of one kind from (key, lot id) rows: one per key, its lots together."""
    by_key: dict[str, list[str]] = {}
    for key, lot_id in rows:
        by_key.setdefault(key, []).append(lot_id)
    return [(kind, key, key.casefold() == needle, tuple(lot_ids))
            for key, lot_ids in by_key.items()]
