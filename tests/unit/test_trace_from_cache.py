"""Traces read straight from the cache (a cold console: no Genealogy loaded), on SQLite and
PostgreSQL: the same nodes, quantities, cycles and order as the loaded genealogy's traces; a
lot's lineage (what the view's trees expand over) and search, read the same way."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app import domain as d
from app.analytics.trace import BACKWARD, FORWARD, TraceResult
from app.analytics.trace_search import SearchHit
from app.cache.store import CacheStore
from app.runtime.lineage import (
    lineage_from_cache,
    load_genealogy,
    lots_from_cache,
    trace_from_cache,
)
from app.runtime.lot_search import search
from tests.unit.trace_fixtures import LOTS, MES, T0, fill_genealogy, lot_id, make_link

pytest_plugins = ("tests.cache_db",)

Row = tuple[str, int | None, int, str | None, bool]


def _rows(result: TraceResult) -> list[Row]:
    """(lot, link quantity, depth, hangs from, cycle) per node, names instead of ids."""
    def name(value: str | None) -> str | None:
        return value[3:].upper() if value else None
    return [(name(n.lot.id) or "", None if n.via_quantity is None else int(n.via_quantity),
             n.depth, name(n.parent_id), n.cycle) for n in result.nodes]


def test_a_lot_reached_along_two_paths_is_listed_under_each(store: CacheStore) -> None:
    fill_genealogy(store)
    forward = trace_from_cache(store, MES, lot_id("R1"), FORWARD)
    assert (forward.root, forward.direction, forward.cycles) == (lot_id("R1"), FORWARD, [])
    assert _rows(forward) == [
        ("R1", None, 0, None, False),
        ("W1", 40, 1, "R1", False),
        ("F1", 50, 2, "W1", False),
        ("W2", 30, 1, "R1", False),
        ("F1", 20, 2, "W2", False),  # F1 again, with W2's own quantity
        ("F2", 10, 2, "W2", False),
        ("W3", 20, 1, "R1", False),
        ("F2", 25, 2, "W3", False),
    ]
    backward = trace_from_cache(store, MES, lot_id("F1"), BACKWARD)
    assert _rows(backward) == [
        ("F1", None, 0, None, False),
        ("W1", 50, 1, "F1", False),
        ("R1", 40, 2, "W1", False),
        ("R2", 10, 2, "W1", False),
        ("W2", 20, 1, "F1", False),
        ("R1", 30, 2, "W2", False),
    ]
    raw = backward.nodes[2].lot  # every node carries its lot's details
    assert (raw.number, raw.product_id, raw.kind, raw.quantity, raw.unit, raw.supplier,
            raw.supplier_lot) == ("L-R1", "P-R", "raw", Decimal(100), "kg", "Acme", "S-55")
    assert raw.created_at == T0 + timedelta(hours=1)
    wip = backward.nodes[1].lot
    assert (wip.work_order_id, wip.machine_id) == ("wo-1", "M-1")


def test_a_cycle_is_shown_once_marked_and_reported(store: CacheStore) -> None:
    fill_genealogy(store)
    forward = trace_from_cache(store, MES, lot_id("R3"), FORWARD)
    assert _rows(forward) == [
        ("R3", None, 0, None, False),
        ("W3", 5, 1, "R3", False),
        ("F2", 25, 2, "W3", False),
        ("X1", 2, 1, "R3", False),
        ("X2", 1, 2, "X1", False),
        ("X3", 1, 3, "X2", False),
        ("X1", 1, 4, "X3", True),
    ]
    assert forward.cycles == [(lot_id("X1"), lot_id("X2"), lot_id("X3"))]
    # A lot consumed into itself ends the walk too.
    store.upsert(MES, "mes.genealogy", [make_link("k20", "X2", "X2", 3)])
    looped = trace_from_cache(store, MES, lot_id("X2"), BACKWARD)
    assert _rows(looped)[:2] == [("X2", None, 0, None, False), ("X1", 1, 1, "X2", False)]
    assert ("X2", 3, 1, "X2", True) in _rows(looped)
    assert (lot_id("X2"),) in looped.cycles


def test_same_trace_as_the_loaded_genealogy_for_every_lot(store: CacheStore) -> None:
    fill_genealogy(store)
    genealogy = load_genealogy(store, MES)
    for name in LOTS:
        for direction in (BACKWARD, FORWARD):
            loaded = genealogy.backward if direction == BACKWARD else genealogy.forward
            assert trace_from_cache(store, MES, lot_id(name), direction) == \
                loaded(lot_id(name)), (name, direction)


def test_unknown_lots_other_sources_and_fresh_changes(store: CacheStore) -> None:
    fill_genealogy(store)
    # Another source's link from R1 never shows (fill_genealogy writes one to Z9).
    assert lot_id("Z9") not in trace_from_cache(store, MES, lot_id("R1"), FORWARD).lot_ids()
    # A lot the cache does not hold still shows, as unknown, whether root or reached.
    alone = trace_from_cache(store, MES, "nope", BACKWARD)
    assert [(n.lot.id, n.lot.kind) for n in alone.nodes] == [("nope", "unknown")]
    store.upsert(MES, "mes.genealogy", [make_link("k40", "F9", "F1", 6)])
    # Read from the cache, so a new link shows at once (no apply needed).
    assert _rows(trace_from_cache(store, MES, lot_id("F1"), BACKWARD))[-1] == \
        ("F9", 6, 1, "F1", False)


def test_a_long_chain_is_one_query_deep(store: CacheStore) -> None:
    store.upsert(MES, "mes.genealogy", [
        d.LotLink(id=f"c{i:04d}", parent_lot_id=f"n{i}", child_lot_id=f"n{i + 1}",
                  quantity=Decimal(1), unit="pcs", linked_at=T0) for i in range(2000)])
    result = trace_from_cache(store, MES, "n2000", BACKWARD)
    assert len(result.nodes) == 2001 and result.nodes[-1].depth == 2000
    assert result.nodes[-1].lot.id == "n0"


def test_a_lineage_holds_all_that_both_trees_expand_over(store: CacheStore) -> None:
    fill_genealogy(store)
    loaded = load_genealogy(store, MES)
    for name in LOTS:
        lineage = lineage_from_cache(store, MES, lot_id(name))
        assert lineage.lot() == loaded.lot(lot_id(name))
        # Each lot a tree can show lists the same parents (children) as the whole genealogy.
        for lot in loaded.backward(lot_id(name)).lot_ids():
            assert lineage.backward.parents(lot) == loaded.parents(lot), (name, lot)
        for lot in loaded.forward(lot_id(name)).lot_ids():
            assert lineage.forward.children(lot) == loaded.children(lot), (name, lot)
    assert lineage_from_cache(store, MES, "nope").lot() is None
    found = lots_from_cache(store, MES, [lot_id("R1"), lot_id("Z9"), "nope"])
    assert found == {lot_id(n): loaded.lot(lot_id(n)) for n in ("R1", "Z9")}
    assert lots_from_cache(store, "other-mes", [lot_id("R1")]) == {}


def test_search_reads_every_lot_key_from_the_cache(store: CacheStore) -> None:
    fill_genealogy(store)
    assert [hit.key for hit in search(store, MES, "l-w")] == ["L-W1", "L-W2", "L-W3"]
    assert search(store, MES, "ID-X1") == [SearchHit("lot", "L-X1", (lot_id("X1"),))]
    assert search(store, MES, "s-55") == [  # the exact match first, then the prefix one
        SearchHit("supplier_lot", "S-55", (lot_id("R1"), lot_id("R3"))),
        SearchHit("supplier_lot", "S-551", (lot_id("R2"),))]
    assert search(store, MES, "WO-3") == [  # a work order known only from its lots
        SearchHit("work_order", "wo-3", (lot_id("F1"), lot_id("F2")))]
    assert search(store, MES, "l_") == [] and search(store, MES, "%") == []
