"""The Orders view's rows as the worker hands them over: what needs attention first, the
columns' ranks, and a large load kept out of the cycle collector's way. No window needed."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import numpy as np
import pytest

from app.analytics.fulfilment import LinkingRules
from app.analytics.order_risk import RISK_RANK
from app.domain import Customer, OrderLine, OrderStatus, SalesOrder
from widgets.orders import order_rows
from widgets.orders.order_columns import Column
from widgets.orders.order_rows import OrdersInputs, compute

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
TODAY = NOW.date()


def inputs(orders: int = 6) -> OrdersInputs:
    made = []
    for n in range(orders):
        lines = [OrderLine(line_no=no, product_id=("p-2", "P-1", "p-10")[(n + no) % 3],
                           quantity=D(5 * (n + no)), unit="pcs",
                           requested_date=TODAY + timedelta(days=(n * 3 + no) % 7 - 3),
                           promised_date=None if (n + no) % 4 == 0
                           else TODAY + timedelta(days=(n + no) % 5 - 1))
                 for no in (2, 1)]
        # Two orders share a number (two CRM sources may): ties keep the cache's order.
        made.append(("crm", SalesOrder(id=f"O{n}", number=f"so-{n % 5}" if n % 2 else f"SO-{n}",
                                       customer_id=f"C{n % 3}", customer_po=f"po-{n % 2}",
                                       status=(OrderStatus.CONFIRMED, OrderStatus.SHIPPED,
                                               OrderStatus.DRAFT)[n % 3],
                                       created_at=NOW, lines=lines)))
    customers = {("crm", f"C{i}"): Customer(id=f"C{i}", name=("beta", "Alpha", "gamma")[i],
                                            number="") for i in range(3)}
    return OrdersInputs(orders=made, customers=customers)


def test_rows_come_worst_risk_first_then_by_promise_number_and_line() -> None:
    data = compute(inputs(), LinkingRules(), None, NOW)
    keys = [(RISK_RANK[r.risk], r.promised or r.requested, r.number, r.line_no)
            for r in data.rows]
    assert keys == sorted(keys)
    assert {r.key for r in data.rows} == {(f"O{n}", no) for n in range(6) for no in (1, 2)}
    assert data.index.search == [r.search for r in data.rows]
    assert list(data.index.risk) == [RISK_RANK[r.risk] for r in data.rows]


@pytest.mark.parametrize(("column", "value"), [
    (Column.ORDER, lambda r: (r.number.casefold(), r.line_no)),
    (Column.CUSTOMER, lambda r: r.customer.casefold()),
    (Column.PRODUCT, lambda r: r.product.casefold()),
    (Column.QUANTITY, lambda r: r.quantity),
    (Column.PROMISED, lambda r: r.promised or date.max),
    (Column.RISK, lambda r: (RISK_RANK[r.risk], r.promised or r.requested)),
    (Column.REASON, lambda r: r.reasons[0].code),
])
def test_a_columns_rank_orders_rows_as_their_values_do(column: Column, value) -> None:
    data = compute(inputs(), LinkingRules(), None, NOW)
    ranks = data.index.ranks[column]
    values = [value(r) for r in data.rows]
    distinct = sorted(set(values))
    assert list(ranks) == [distinct.index(v) for v in values]  # dense: equal values, one rank
    assert ranks.dtype == np.int32


def test_a_large_load_is_frozen_out_of_the_cycle_collector(monkeypatch) -> None:
    before = gc.get_freeze_count()
    try:
        compute(inputs(), LinkingRules(), None, NOW)  # 12 lines: below the default
        assert gc.get_freeze_count() == before
        monkeypatch.setattr(order_rows, "FREEZE_MIN_LINES", 12)
        data = compute(inputs(), LinkingRules(), None, NOW)
        assert gc.get_freeze_count() > before
        assert len(data.rows) == 12  # the data is unchanged, only out of the collector's way
    finally:
        gc.unfreeze()
