"""End to end: a demo-plant complaint → its lot's raw input → who else got it, in the UI."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.cache.store import CacheStore
from app.sync.engine import SyncEngine
from app.sync.sources import demo_sources
from tests.integration.conftest import read_all, start_paused_plant
from widgets.traceability.recall_model import RecallColumn


@pytest.fixture
def plant_cache(tmp_path: Path) -> Iterator[tuple[CacheStore, str]]:
    """A cache filled by one sync of a paused demo plant, and the plant's address."""
    store = CacheStore.open(f"sqlite:///{tmp_path / 'plant.sqlite3'}")
    with start_paused_plant() as plant:
        engine = SyncEngine.for_sources(demo_sources(plant.url), store)

        async def sync() -> None:
            await engine.poller.sync_source_once("demo-crm")
            await engine.poller.sync_source_once("demo-mes")
            await engine.stop()

        asyncio.run(sync())
        try:
            yield store, plant.url
        finally:
            store.close()


def customers_reached(url: str, lot_id: str) -> set[str]:
    """From the plant itself: names of customers shipped `lot_id` or anything made from it."""
    with httpx.Client(base_url=url, timeout=10) as client:
        links, _ = read_all(client, "/mes/v1/genealogy")
        shipments, _ = read_all(client, "/crm/v1/shipments")
        customers, _ = read_all(client, "/crm/v1/customers")
    children: dict[str, set[str]] = {}
    for link in links:
        if not link.get("deleted"):
            children.setdefault(link["parent_lot_id"], set()).add(link["child_lot_id"])
    reached, frontier = {lot_id}, [lot_id]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, ()) if c not in reached]
        reached.update(frontier)
    names = {c["id"]: c["name"] for c in customers if not c.get("deleted")}
    return {names[s["customer_id"]] for s in shipments if not s.get("deleted")
            and any(x["lot_id"] in reached for x in s["lots"])}


def test_from_a_complaint_to_the_affected_customers(plant_cache, make_window, qtbot) -> None:
    store, url = plant_cache
    window = make_window(store=store)
    window.switch_view("complaints")
    complaints = window.views["complaints"]
    qtbot.waitUntil(lambda: complaints.model.rowCount() > 0)

    with_lot = next(r for r in complaints.model.rows if r.lot_key is not None)
    with qtbot.waitSignal(complaints.suspects_loaded):
        assert complaints.select_complaint(with_lot.complaint.number)
    detail = complaints.detail
    assert detail.forward_button.isEnabled()
    suspect = detail.suspects.currentData()
    assert suspect is not None

    detail.forward_button.click()  # "Who else got this?"
    assert window.current_view_name() == "traceability"
    trace = window.views["traceability"]
    qtbot.waitUntil(lambda: trace.current_lot_id() == suspect[1])
    assert trace.current_direction() == "forward"

    with qtbot.waitSignal(trace.recall_opened) as opened:
        trace.recall_button.click()
    dialog = opened.args[0]
    model = dialog.model
    shown = {model.index(r, RecallColumn.CUSTOMER).data() for r in range(model.rowCount())}
    expected = customers_reached(url, suspect[1])
    assert expected  # the demo plant shipped what it made from this raw lot
    assert shown == expected
    dialog.close()
