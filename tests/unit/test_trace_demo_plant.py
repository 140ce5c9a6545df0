"""A complaint on the demo plant traces back to supplier lots and forward to shipments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cache.store import CacheStore
from app.domain import Complaint, Shipment
from app.runtime.lineage import load_genealogy
from app.runtime.lot_search import search
from app.runtime.recall_scope import recall_scope
from app.sim.plant import Plant
from tests.unit.plant_cache import cache_from_plant

START = datetime(2025, 3, 12, 6, 0, tzinfo=UTC)
MES, CRM = "demo-mes", "demo-crm"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CacheStore]:
    path: Path = tmp_path_factory.mktemp("trace") / "c.sqlite3"
    opened = CacheStore.open(f"sqlite:///{path}")
    cache_from_plant(Plant(seed=7, start=START, history=timedelta(days=1)), opened)
    try:
        yield opened
    finally:
        opened.close()


def test_complaint_lot_traces_to_raw_lots_and_shipments(store: CacheStore) -> None:
    genealogy = load_genealogy(store, MES)
    complaints: list[Complaint] = [
        c for c in store.all(CRM, "crm.complaints") if c.lot_id is not None]
    assert complaints, "the demo plant raises complaints on lots"
    lot_id = complaints[0].lot_id
    assert lot_id is not None

    backward = genealogy.backward(lot_id)
    assert backward.cycles == [] and backward.nodes[0].lot.id == lot_id
    raw = [n.lot for n in backward.nodes if n.lot.kind == "raw"]
    assert raw and all(lot.supplier and lot.supplier_lot for lot in raw)
    assert all(n.via_quantity is not None and n.via_quantity > 0 for n in backward.nodes[1:])

    # A raw lot's supplier lot finds it again, and its forward trace reaches the complaint lot.
    hits = search(store, MES, raw[0].supplier_lot or "")
    assert any(raw[0].id in hit.lot_ids for hit in hits if hit.kind == "supplier_lot")
    assert lot_id in genealogy.forward(raw[0].id).lot_ids()

    forward = genealogy.forward(lot_id)
    shipped = {x.lot_id for s in store.all(CRM, "crm.shipments") for x in s.lots
               if x.lot_id in set(forward.lot_ids())}
    assert shipped
    rows = recall_scope(store, MES, CRM, lot_id)
    assert {r.lot_id for r in rows} == shipped
    assert all(r.customer_name and r.order_number for r in rows)
    shipment: Shipment | None = store.get(CRM, "crm.shipments", rows[0].shipment_id)
    assert shipment is not None and shipment.customer_id == rows[0].customer_id
