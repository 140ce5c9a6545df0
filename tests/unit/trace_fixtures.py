"""A small hand-built genealogy for the trace and recall tests.

    R1 ──40──► W1 ──50──► F1          R1 is split three ways (W1, W2, W3);
    R2 ──10──► W1                     W1 and W2 merge into F1, W2 and W3 into F2.
    R1 ──30──► W2 ──20──► F1
               W2 ──10──► F2
    R1 ──20──► W3 ──25──► F2
    R3 ── 5──► W3
    R3 ── 2──► X1 ─1─► X2 ─1─► X3 ─1─► X1      bad data: a cycle
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app import domain as d
from app.cache.store import CacheStore

MES, CRM = "mes", "crm"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

# name: (kind, work order, supplier lot)
LOTS: dict[str, tuple[d.LotKind, str | None, str | None]] = {
    "R1": (d.LotKind.RAW, None, "S-55"),
    "R2": (d.LotKind.RAW, None, "S-551"),
    "R3": (d.LotKind.RAW, None, "S-55"),  # another supplier's lot with the same number
    "W1": (d.LotKind.WIP, "wo-1", None),
    "W2": (d.LotKind.WIP, "wo-1", None),
    "W3": (d.LotKind.WIP, "wo-2", None),
    "F1": (d.LotKind.FINISHED, "wo-3", None),
    "F2": (d.LotKind.FINISHED, "wo-3", None),
    "X1": (d.LotKind.WIP, None, None),
    "X2": (d.LotKind.WIP, None, None),
    "X3": (d.LotKind.WIP, None, None),
    "Z9": (d.LotKind.FINISHED, None, None),  # unrelated
}

LINKS: list[tuple[str, str, str, int]] = [
    ("k01", "R1", "W1", 40), ("k02", "R2", "W1", 10), ("k03", "R1", "W2", 30),
    ("k04", "R1", "W3", 20), ("k05", "R3", "W3", 5), ("k06", "W1", "F1", 50),
    ("k07", "W2", "F1", 20), ("k08", "W2", "F2", 10), ("k09", "W3", "F2", 25),
    ("k10", "R3", "X1", 2), ("k11", "X1", "X2", 1), ("k12", "X2", "X3", 1),
    ("k13", "X3", "X1", 1),
]


def lot_id(name: str) -> str:
    return f"id-{name.lower()}"


def lot_number(name: str) -> str:
    return f"L-{name}"


def make_lot(name: str, quantity: int = 100, version: int = 1) -> d.Lot:
    kind, work_order, supplier_lot = LOTS.get(name, (d.LotKind.WIP, None, None))
    return d.Lot(
        id=lot_id(name), version=version, number=lot_number(name), product_id=f"P-{name[0]}",
        kind=kind, quantity=Decimal(quantity), unit="kg" if kind == d.LotKind.RAW else "pcs",
        created_at=T0 + timedelta(hours=int(name[1])), work_order_id=work_order,
        machine_id=None if kind == d.LotKind.RAW else "M-1",
        supplier="Acme" if supplier_lot else None, supplier_lot=supplier_lot)


def make_link(link_id: str, parent: str, child: str, quantity: int,
              version: int = 1) -> d.LotLink:
    return d.LotLink(id=link_id, version=version, parent_lot_id=lot_id(parent),
                     child_lot_id=lot_id(child), quantity=Decimal(quantity), unit="pcs",
                     linked_at=T0)


def fill_genealogy(store: CacheStore) -> None:
    store.upsert(MES, "mes.lots", [make_lot(name) for name in LOTS])
    store.upsert(MES, "mes.genealogy", [make_link(*link) for link in LINKS])
    # Another MES source with clashing ids must never leak into MES's traces.
    store.upsert("other-mes", "mes.genealogy", [make_link("k99", "R1", "Z9", 7)])
