"""Backward and forward lot traces over a hand-built genealogy: splits, merges, a cycle."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app import domain as d
from app.analytics.trace import Genealogy, LotInfo, SearchHit, TraceResult
from app.cache.store import CacheStore
from app.runtime.lineage import apply_changes, load_genealogy
from app.runtime.lot_search import search
from tests.unit.trace_fixtures import (
    CRM,
    MES,
    T0,
    fill_genealogy,
    lot_id,
    make_link,
    make_lot,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path}/c.sqlite3")
    try:
        fill_genealogy(opened)
        yield opened
    finally:
        opened.close()


@pytest.fixture
def genealogy(store: CacheStore) -> Genealogy:
    return load_genealogy(store, MES)


Row = tuple[str, int | None, int, str | None, bool]


def _rows(result: TraceResult) -> list[Row]:
    """(lot, link quantity, depth, hangs from, cycle) per node, names instead of ids."""
    def name(value: str | None) -> str | None:
        return value[3:].upper() if value else None
    return [(name(n.lot.id) or "", None if n.via_quantity is None else int(n.via_quantity),
             n.depth, name(n.parent_id), n.cycle) for n in result.nodes]


def test_forward_from_a_split_lot_lists_each_path_with_its_quantity(
        genealogy: Genealogy) -> None:
    result = genealogy.forward(lot_id("R1"))
    assert (result.root, result.direction, result.cycles) == (lot_id("R1"), "forward", [])
    assert _rows(result) == [
        ("R1", None, 0, None, False),
        ("W1", 40, 1, "R1", False),
        ("F1", 50, 2, "W1", False),
        ("W2", 30, 1, "R1", False),
        ("F1", 20, 2, "W2", False),  # F1 again, under W2, with W2's own quantity
        ("F2", 10, 2, "W2", False),
        ("W3", 20, 1, "R1", False),
        ("F2", 25, 2, "W3", False),
    ]


def test_backward_from_a_merged_lot_reaches_every_raw_lot(genealogy: Genealogy) -> None:
    result = genealogy.backward(lot_id("F1"))
    assert (result.direction, result.cycles) == ("backward", [])
    assert _rows(result) == [
        ("F1", None, 0, None, False),
        ("W1", 50, 1, "F1", False),
        ("R1", 40, 2, "W1", False),
        ("R2", 10, 2, "W1", False),
        ("W2", 20, 1, "F1", False),
        ("R1", 30, 2, "W2", False),
    ]
    raw = result.nodes[2].lot
    assert raw == LotInfo(lot_id("R1"), "L-R1", "P-R", "raw", Decimal(100), "kg",
                          raw.created_at, None, None, "Acme", "S-55")


def test_backward_from_f2(genealogy: Genealogy) -> None:
    assert _rows(genealogy.backward(lot_id("F2"))) == [
        ("F2", None, 0, None, False),
        ("W2", 10, 1, "F2", False),
        ("R1", 30, 2, "W2", False),
        ("W3", 25, 1, "F2", False),
        ("R1", 20, 2, "W3", False),
        ("R3", 5, 2, "W3", False),
    ]


def test_a_cycle_is_shown_once_reported_and_not_walked(genealogy: Genealogy) -> None:
    forward = genealogy.forward(lot_id("R3"))
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

    backward = genealogy.backward(lot_id("X1"))
    assert _rows(backward) == [
        ("X1", None, 0, None, False),
        ("R3", 2, 1, "X1", False),
        ("X3", 1, 1, "X1", False),
        ("X2", 1, 2, "X3", False),
        ("X1", 1, 3, "X2", True),
    ]
    assert backward.cycles == [(lot_id("X1"), lot_id("X3"), lot_id("X2"))]


def test_a_lot_consumed_into_itself_and_two_cycles_through_one_lot(
        store: CacheStore) -> None:
    store.upsert(MES, "mes.genealogy", [make_link("k20", "X2", "X2", 3),
                                        make_link("k21", "X2", "X1", 4)])
    result = load_genealogy(store, MES).forward(lot_id("X1"))
    assert [(n.lot.id, n.depth, n.cycle) for n in result.nodes] == [
        (lot_id("X1"), 0, False), (lot_id("X2"), 1, False),
        (lot_id("X1"), 2, True),  # X2 -> X1 (k21)
        (lot_id("X2"), 2, True),  # X2 -> X2 (k20)
        (lot_id("X3"), 2, False), (lot_id("X1"), 3, True),
    ]
    assert result.cycles == [(lot_id("X1"), lot_id("X2")), (lot_id("X2"),),
                             (lot_id("X1"), lot_id("X2"), lot_id("X3"))]


def test_long_chain_needs_no_recursion(tmp_path: Path) -> None:
    store = CacheStore.open(f"sqlite:///{tmp_path}/chain.sqlite3")
    try:
        store.upsert(MES, "mes.genealogy", [
            d.LotLink(id=f"c{i}", parent_lot_id=f"n{i}", child_lot_id=f"n{i + 1}",
                      quantity=Decimal(1), unit="pcs", linked_at=T0) for i in range(5000)])
        genealogy = load_genealogy(store, MES)
    finally:
        store.close()
    result = genealogy.backward("n5000")
    assert len(result.nodes) == 5001 and result.nodes[-1].depth == 5000
    assert result.nodes[-1].lot.kind == "unknown"  # links whose lots are not synced yet


def test_parents_and_children_expand_one_level(genealogy: Genealogy) -> None:
    parents = genealogy.parents(lot_id("W1"))
    assert [(lot.number, qty) for lot, qty in parents] == [("L-R1", 40), ("L-R2", 10)]
    children = genealogy.children(lot_id("W2"))
    assert [(lot.number, qty) for lot, qty in children] == [("L-F1", 20), ("L-F2", 10)]
    assert genealogy.parents(lot_id("R1")) == []
    assert genealogy.children("nope") == []
    assert genealogy.lot("nope") is None
    info = genealogy.lot(lot_id("W1"))
    assert info is not None and (info.work_order_id, info.machine_id) == ("wo-1", "M-1")


def test_other_sources_do_not_leak(genealogy: Genealogy) -> None:
    assert lot_id("Z9") not in {n.lot.id for n in genealogy.forward(lot_id("R1")).nodes}
    assert len(genealogy) == 13


def test_apply_reloads_only_named_changes(store: CacheStore, genealogy: Genealogy) -> None:
    changes = store.upsert(MES, "mes.genealogy", [make_link("k06", "W1", "F1", 45, 2),
                                                  make_link("k30", "W3", "F3", 8)])
    changes.merge(store.upsert(MES, "mes.lots", [make_lot("F3"), make_lot("R1", 90, 2)]))
    changes.merge(store.delete(MES, "mes.genealogy", ["k13"]))
    changes.merge(store.upsert("other-mes", "mes.genealogy", [make_link("k31", "R1", "Z9", 1)]))
    assert _rows(genealogy.forward(lot_id("R1")))[2] == ("F1", 50, 2, "W1", False)  # not yet

    apply_changes(genealogy, store, changes)
    assert _rows(genealogy.forward(lot_id("R1"))) == [
        ("R1", None, 0, None, False),
        ("W1", 40, 1, "R1", False),
        ("F1", 45, 2, "W1", False),
        ("W2", 30, 1, "R1", False),
        ("F1", 20, 2, "W2", False),
        ("F2", 10, 2, "W2", False),
        ("W3", 20, 1, "R1", False),
        ("F2", 25, 2, "W3", False),
        ("F3", 8, 2, "W3", False),
    ]
    lot = genealogy.lot(lot_id("R1"))
    assert lot is not None and lot.quantity == 90
    backward = genealogy.backward(lot_id("X1"))
    assert backward.cycles == [] and len(backward.nodes) == 2  # the cycle's link is gone

    changes = store.delete(MES, "mes.lots", [lot_id("F3")])
    apply_changes(genealogy, store, changes)
    assert genealogy.lot(lot_id("F3")) is None
    assert genealogy.forward(lot_id("W3")).nodes[-1].lot.kind == "unknown"


def _fill_search(store: CacheStore) -> None:
    store.upsert(MES, "mes.serials", [
        d.Serial(id="SN-0001", lot_id=lot_id("F1"), product_id="P-F", created_at=T0),
        d.Serial(id="SN-0002", lot_id=lot_id("F2"), product_id="P-F", created_at=T0)])
    store.upsert(MES, "mes.work_orders", [
        d.WorkOrder(id="wo-1", number="WO-1001", product_id="P-W", quantity=Decimal(60),
                    unit="pcs"),
        d.WorkOrder(id="wo-2", number="WO-1002", product_id="P-W", quantity=Decimal(60),
                    unit="pcs", output_lot_id=lot_id("W3"))])
    store.upsert(CRM, "crm.orders", [
        d.SalesOrder(id="o-1", number="SO-1042", customer_id="c-1",
                     status=d.OrderStatus.SHIPPED, created_at=T0),
        d.SalesOrder(id="o-2", number="SO-1043", customer_id="c-1",
                     status=d.OrderStatus.CONFIRMED, created_at=T0)])
    store.upsert(CRM, "crm.shipments", [
        d.Shipment(id="sh-1", order_id="o-1", line_no=1, customer_id="c-1",
                   quantity=Decimal(30), unit="pcs", shipped_at=T0,
                   lots=[d.ShipmentLot(lot_id=lot_id("F1"), quantity=Decimal(20)),
                         d.ShipmentLot(lot_id=lot_id("F2"), quantity=Decimal(10))])])


def test_search_finds_each_kind(store: CacheStore) -> None:
    _fill_search(store)

    def find(text: str, _store: CacheStore | None = None, crm: str | None = None
             ) -> list[SearchHit]:
        return search(store, MES, text, crm)  # every kind straight from the cache

    assert find("l-w1") == [SearchHit("lot", "L-W1", (lot_id("W1"),))]
    assert find("ID-R1") == [SearchHit("lot", "L-R1", (lot_id("R1"),))]
    assert [h.key for h in find("L-W")] == ["L-W1", "L-W2", "L-W3"]
    assert find("s-55") == [  # the exact match first, then the prefix one
        SearchHit("supplier_lot", "S-55", (lot_id("R1"), lot_id("R3"))),
        SearchHit("supplier_lot", "S-551", (lot_id("R2"),))]
    assert find("sn-0001", store) == [SearchHit("serial", "SN-0001", (lot_id("F1"),))]
    assert [h.key for h in find("SN-", store)] == ["SN-0001", "SN-0002"]
    assert find("wo-1001", store) == [
        SearchHit("work_order", "WO-1001", (lot_id("W1"), lot_id("W2")))]
    # The output lot counts even when no lot names its work order.
    assert find("WO-1002", store) == [SearchHit("work_order", "WO-1002", (lot_id("W3"),))]
    # Work order ids without a work order in the cache are found through their lots.
    assert find("wo-3", store) == [
        SearchHit("work_order", "wo-3", (lot_id("F1"), lot_id("F2")))]
    assert find("wo-3") == [SearchHit("work_order", "wo-3", (lot_id("F1"), lot_id("F2")))]
    assert find("so-1042", store, CRM) == [
        SearchHit("sales_order", "SO-1042", (lot_id("F1"), lot_id("F2")))]
    assert find("O-2", store, CRM) == [SearchHit("sales_order", "SO-1043", ())]
    assert find("so-1042", store) == []  # sales orders need the CRM source
    assert find("  ") == [] and find("nothing") == []
    assert find("%", store, CRM) == [] and find("_", store, CRM) == []  # no SQL wildcards


def test_search_sees_new_lots_at_once(store: CacheStore) -> None:
    assert search(store, MES, "L-F3") == []
    store.upsert(MES, "mes.lots", [make_lot("F3")])
    assert search(store, MES, "L-F3") == [SearchHit("lot", "L-F3", (lot_id("F3"),))]
    assert search(store, "other-mes", "L-F3") == []  # one source's lots only
