"""Small lines of a standard product are served from the latest make-to-stock batch while it has
pieces no line has taken, also once it is made; only then does the plant start another batch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from app.domain import OrderLine, OrderStatus, WorkOrder, WorkOrderStatus
from app.sim.orders import POOL_BATCH
from app.sim.plant import Plant

START = datetime(2025, 3, 12, 2, 0, tzinfo=UTC)  # Wednesday 10:00 at the plant


@pytest.fixture
def plant() -> Plant:
    plant = Plant(5, START, history=timedelta(days=1))
    plant.load_scenario("quiet")
    return plant


def small(quantity: int, product: str = "P-300") -> list[OrderLine]:
    return [OrderLine(line_no=1, product_id=product, unit="pcs", quantity=Decimal(quantity),
                      requested_date=date(2025, 3, 31))]


def batch_of(plant: Plant, order_id: str) -> WorkOrder:
    [wo] = [w for w in plant.production.work_orders.values()
            if any(k.order_id == order_id for k in w.links)]
    return wo


def latest_batch(plant: Plant) -> WorkOrder | None:
    batches = [w for w in plant.production.work_orders.values()
               if w.product_id == "P-300" and w.quantity == POOL_BATCH]
    return max(batches, key=lambda w: int(w.id.split("-")[1]), default=None)


def untaken(wo: WorkOrder) -> Decimal:
    return wo.good - sum((k.quantity for k in wo.links), Decimal(0))


def test_small_lines_share_a_batch_until_it_has_no_pieces_left(plant: Plant) -> None:
    first = plant.orders.place("C-001", small(40))
    # The plant's own orders may have a batch open: fill it until a line starts the next.
    while (batch := batch_of(plant, first.id)).links[0].order_id != first.id:
        first = plant.orders.place("C-001", small(40))
    second = plant.orders.place("C-001", small(40))
    assert batch_of(plant, second.id) is batch and batch.quantity == POOL_BATCH
    # 80 pieces and the scrap allowance fit in 120; another 40 do not: the next batch.
    third = plant.orders.place("C-001", small(40))
    assert batch_of(plant, third.id) is not batch
    assert [k.order_id for k in batch.links] == [first.id, second.id]


def test_a_made_batch_serves_the_next_small_line_from_stock_and_ships_it_once(
        plant: Plant) -> None:
    deadline = plant.now + timedelta(days=14)
    while plant.now < deadline:
        plant.advance(3600)
        batch = latest_batch(plant)
        if (batch is not None and batch.status is WorkOrderStatus.COMPLETED
                and untaken(batch) >= 25):
            break
    else:
        pytest.fail("no made batch with pieces left within two weeks")
    work_orders = len(plant.production.work_orders)
    earlier = {k.order_id for k in batch.links}

    later = plant.orders.place("C-003", small(25))
    assert batch_of(plant, later.id) is batch  # taken from stock: no new work order
    assert len(plant.production.work_orders) == work_orders
    plant.advance(6 * 3600)
    mine = [s for s in plant.orders.shipments if s.order_id == later.id]
    assert [s.quantity for s in mine] == [Decimal(25)]
    assert mine[0].lots[0].lot_id == batch.output_lot_id
    # The lines the batch was made for shipped once each, although its links grew after.
    for order_id in earlier:
        assert len([s for s in plant.orders.shipments if s.order_id == order_id]) == 1
    assert plant.orders.orders[later.id].status in {OrderStatus.SHIPPED, OrderStatus.CLOSED}
