"""The order lines table's columns, and what sorting and filtering them needs, made in the
worker: a dense rank per column (equal values share a rank) and small codes per filter, as
numpy arrays. The UI thread then sorts 100,000 lines with one `argsort` of ints and filters
them with array comparisons; it never compares two rows in Python. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from app.analytics.order_risk import RISK_RANK, RiskLevel
from app.domain import OrderStatus

if TYPE_CHECKING:
    from widgets.orders.order_rows import OrderRow

_NO_DATE = 10_000_000  # after every real date's ordinal: missing dates sort last
# The order statuses in their life's order: the status column sorts this way.
STATUS_RANK: dict[OrderStatus, int] = {s: n for n, s in enumerate(
    (OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED,
     OrderStatus.CLOSED, OrderStatus.CANCELLED))}


class Column(IntEnum):
    ORDER = 0
    LINE = 1
    CUSTOMER = 2
    PO = 3
    PRODUCT = 4
    QUANTITY = 5
    REQUESTED = 6
    PROMISED = 7
    PREDICTED = 8
    PROGRESS = 9
    STATUS = 10
    RISK = 11
    REASON = 12


def dense_rank(keys: Sequence[Any]) -> np.ndarray:
    """rank[i]: how many distinct keys sort before keys[i] (for keys numpy cannot sort)."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ranks = [0] * len(keys)
    rank = -1
    previous: Any = object()
    for i in order:
        key = keys[i]
        if rank < 0 or key != previous:
            rank += 1
            previous = key
        ranks[i] = rank
    return np.array(ranks, dtype=np.int32)


def _numeric_rank(values: np.ndarray) -> np.ndarray:
    return np.unique(values, return_inverse=True)[1].astype(np.int32).reshape(-1)


def _day(day: Any) -> int:
    return day.toordinal() if day is not None else _NO_DATE


def column_ranks(rows: Sequence[OrderRow]) -> tuple[np.ndarray, ...]:
    """A dense rank per column, in Column order. Numbers and dates are ranked by numpy; only
    text columns are sorted in Python (made in the worker, once per refresh)."""
    n = len(rows)

    def numbers(values: Any, dtype: Any = np.int64) -> np.ndarray:
        return _numeric_rank(np.fromiter(values, dtype, n))

    ranks: dict[Column, np.ndarray] = {
        Column.ORDER: dense_rank([(r.number.casefold(), r.line_no) for r in rows]),
        Column.LINE: numbers(r.line_no for r in rows),
        Column.CUSTOMER: dense_rank([r.customer.casefold() for r in rows]),
        Column.PO: dense_rank([r.po.casefold() for r in rows]),
        Column.PRODUCT: dense_rank([r.product.casefold() for r in rows]),
        Column.QUANTITY: numbers((float(r.quantity) for r in rows), np.float64),
        Column.REQUESTED: numbers(r.requested.toordinal() for r in rows),
        Column.PROMISED: numbers(_day(r.promised) for r in rows),
        Column.PREDICTED: numbers(_day(r.predicted) for r in rows),
        Column.PROGRESS: numbers((r.progress for r in rows), np.float64),
        Column.STATUS: numbers(STATUS_RANK[r.status] for r in rows),
        Column.RISK: numbers(RISK_RANK[r.risk] * _NO_DATE + _day(r.promised or r.requested)
                             for r in rows),
        Column.REASON: dense_rank([r.reasons[0].code if r.reasons else "" for r in rows]),
    }
    return tuple(ranks[column] for column in Column)


@dataclass(frozen=True, slots=True)
class RowIndex:
    ranks: tuple[np.ndarray, ...]  # per Column
    customers: tuple[str, ...]  # every customer name, sorted
    customer: np.ndarray  # per row: its customer's place in `customers`
    status: np.ndarray  # per row: STATUS_RANK of its order's status
    risk: np.ndarray  # per row: RISK_RANK of its risk
    search: list[str]  # per row: number, customer and PO, case-folded

    def customer_code(self, name: str) -> int:
        try:
            return self.customers.index(name)
        except ValueError:
            return -1


def index_rows(rows: Sequence[OrderRow]) -> RowIndex:
    customers = tuple(sorted({row.customer for row in rows}, key=str.casefold))
    code = {name: n for n, name in enumerate(customers)}
    return RowIndex(
        ranks=column_ranks(rows),
        customers=customers,
        customer=np.fromiter((code[row.customer] for row in rows), np.int32, len(rows)),
        status=np.fromiter((STATUS_RANK[row.status] for row in rows), np.int8, len(rows)),
        risk=np.fromiter((RISK_RANK[row.risk] for row in rows), np.int8, len(rows)),
        search=[row.search for row in rows])


def status_code(status: OrderStatus) -> int:
    return STATUS_RANK[OrderStatus(status)]


def risk_code(level: RiskLevel) -> int:
    return RISK_RANK[RiskLevel(level)]
