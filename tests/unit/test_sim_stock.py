"""Stock levels and expected receipts of the demo plant follow its lots."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.domain import Record
from app.sim import layout
from app.sim.feeds import Change, FeedStore
from app.sim.plant import Plant
from app.sim.stock import LOCATIONS

START = datetime(2025, 3, 12, 6, 0, tzinfo=UTC)
RAW = "RM-PLATE"  # cover plates P-220 use 0.8 kg each; no call-off is seeded for it


class RecordingFeeds(FeedStore):
    """Keeps when every stock level was put, to check how often stock is published."""

    def __init__(self) -> None:
        super().__init__()
        self.stock_puts: list[tuple[str, datetime]] = []

    def put(self, feed: str, record: Record, at: datetime) -> Change:
        if feed == "mes.stock":
            self.stock_puts.append((record.id, at))
        return super().put(feed, record, at)


def ts(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def stock_of(plant: Plant, item_id: str) -> dict[str, Any]:
    [body] = [c.body for c in plant.feeds["mes.stock"].changes_after(0)
              if c.body["item_id"] == item_id]
    return body


def receipts(plant: Plant) -> dict[str, dict[str, Any]]:
    return {c.id: c.body for c in plant.feeds["mes.receipts"].changes_after(0)}


def on_hand_in_lots(plant: Plant, item_id: str) -> Decimal:
    return sum((plant.lots.remaining[lot.id] for lot in plant.lots.stock[item_id]), Decimal(0))


def consume(plant: Plant, product_id: str, quantity: int) -> None:
    """A work order of `product_id` starts on its first work center: its BOM is consumed."""
    wo = plant.production.create(product_id, Decimal(quantity), due=None)
    first_wc = wo.operations[0].work_center_id
    plant.lots.start_work_order(wo, plant.production.machines_by_wc[first_wc][0])


@pytest.fixture(scope="module")
def plant() -> Plant:
    p = Plant(7, START, feeds=RecordingFeeds(), history=timedelta(days=1))
    p.advance(3 * 3600)
    return p


def test_every_product_has_a_stock_level_at_the_location_of_its_kind(plant: Plant) -> None:
    levels = {c.id: c.body for c in plant.feeds["mes.stock"].changes_after(0)}
    assert set(levels) == {f"{p.id}@{LOCATIONS[p.kind]}" for p in plant.products.values()}
    assert LOCATIONS == {"raw": "RAW", "component": "WIP", "finished": "FG"}
    for body in levels.values():
        assert body["id"] == f"{body['item_id']}@{body['location']}"
        assert body["unit"] == plant.products[body["item_id"]].unit
        assert ts(body["counted_at"]) <= plant.now
    assert Decimal(levels["RM-STEEL@RAW"]["safety_stock"]) == layout.RAW_RECEIPTS["RM-STEEL"][1]
    assert Decimal(levels["P-110@WIP"]["safety_stock"]) == layout.COMPONENT_STOCK["P-110"][1]
    assert Decimal(levels["P-300@FG"]["safety_stock"]) == 0


def test_on_hand_is_what_the_lots_hold(plant: Plant) -> None:
    plant.stock.publish_dirty()  # what the next tick would publish
    for pid, product in plant.products.items():
        assert Decimal(stock_of(plant, pid)["on_hand"]) == on_hand_in_lots(plant, pid), pid
        if product.kind == "raw":
            assert on_hand_in_lots(plant, pid) > 0


def test_stock_is_published_at_most_once_per_item_and_tick(plant: Plant) -> None:
    puts: list[tuple[str, datetime]] = plant.feeds.stock_puts  # type: ignore[attr-defined]
    assert len(puts) > len(plant.products)  # it changes...
    assert max(Counter(puts).values()) == 1  # ...but once per product and moment at most


def test_reserved_is_what_released_work_orders_will_consume(plant: Plant) -> None:
    stock = plant.stock
    before = stock.reserved("RM-STEEL")
    wo = plant.production.create("P-110", Decimal(50), due=None)
    stock.work_order_released(wo)
    assert stock.reserved("RM-STEEL") == before + Decimal("0.9") * 50
    stock.work_order_started(wo)
    assert stock.reserved("RM-STEEL") == before


def test_seeded_purchase_orders_are_open_and_due_later(plant: Plant) -> None:
    fresh = Plant(7, START, history=timedelta(0))
    open_ = [r for r in receipts(fresh).values() if r["status"] == "open"]
    assert len(open_) >= 3
    for r in open_:
        assert ts(r["expected_at"]) > fresh.now
        assert r["purchase_order"].startswith("PO-")
        assert r["supplier"] == layout.SUPPLIERS[r["item_id"]][0]


def test_reorder_opens_a_receipt_that_arrives_and_raises_on_hand() -> None:
    plant = Plant(3, START, history=timedelta(hours=12))
    size, point = layout.RAW_RECEIPTS[RAW]
    assert not plant.lots._receipt_due.get(RAW), "a reorder is already on its way"
    available = plant.lots.available(RAW)
    assert available >= point
    known = set(receipts(plant))

    # Consume down to just below the reorder point (but not out of stock).
    consume(plant, "P-220", math.floor((available - point) / Decimal("0.8")) + 5)
    [(rid, receipt)] = [(i, r) for i, r in receipts(plant).items() if i not in known]
    assert receipt["status"] == "open" and receipt["item_id"] == RAW
    assert Decimal(receipt["quantity"]) == size
    expected_at = ts(receipt["expected_at"])
    assert expected_at > plant.now

    plant.stock.publish_dirty()
    before = Decimal(stock_of(plant, RAW)["on_hand"])
    assert before < point
    links_seen = plant.feeds["mes.genealogy"].last_seq
    plant.advance_to(expected_at + timedelta(minutes=5))  # the arrival and a tick after it
    assert receipts(plant)[rid]["status"] == "received"
    plant.stock.publish_dirty()
    after = Decimal(stock_of(plant, RAW)["on_hand"])
    # Whatever the floor consumed of it meanwhile went out through the genealogy.
    raw_lots = {lot.id for lot in plant.lots.lots.values() if lot.product_id == RAW}
    consumed = sum((Decimal(c.body["quantity"])
                    for c in plant.feeds["mes.genealogy"].changes_after(links_seen)
                    if c.body["parent_lot_id"] in raw_lots), Decimal(0))
    assert after == before + size - consumed
    assert after == on_hand_in_lots(plant, RAW)


def test_an_expedited_delivery_is_published_received() -> None:
    plant = Plant(3, START, history=timedelta(hours=12))
    known = set(receipts(plant))
    available = plant.lots.available(RAW)
    consume(plant, "P-220", math.ceil(available / Decimal("0.8")) + 10)  # more than there is
    new = [r for i, r in receipts(plant).items() if i not in known]
    received = [r for r in new if r["status"] == "received"]
    assert len(received) == 1 and received[0]["item_id"] == RAW
    assert ts(received[0]["expected_at"]) == plant.now
