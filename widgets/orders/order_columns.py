"""The order lines table's columns, and what sorting and filtering them needs, made in the
worker: a dense rank per column (equal values share a rank) and small codes per filter, as
numpy arrays. The UI thread then sorts 100,000 lines with one `argsort` of ints and filters
them with array comparisons; it never compares two rows in Python. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
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


def text_rank(texts: Sequence[str], *, fold: bool = True) -> np.ndarray:
    """rank[i]: how many distinct texts (case-folded unless `fold` is off) sort before
    texts[i]. Each distinct text is folded and sorted once: a column holds far fewer
    customers, products or POs than rows."""
    folded = {text: text.casefold() if fold else text for text in set(texts)}
    place = {key: n for n, key in enumerate(sorted(set(folded.values())))}
    code = {text: place[key] for text, key in folded.items()}
    return np.fromiter(map(code.__getitem__, texts), np.int32, len(texts))


def _numeric_rank(values: np.ndarray) -> np.ndarray:
    return np.unique(values, return_inverse=True)[1].astype(np.int32).reshape(-1)


def _mapped(values: Sequence[Any], convert: Callable[[Any], Any], dtype: Any) -> np.ndarray:
    """convert(v) for every value, worked out once per distinct value (dates, statuses and
    quantities repeat across 100,000 rows)."""
    code = {value: convert(value) for value in set(values)}
    return np.fromiter(map(code.__getitem__, values), dtype, len(values))


def _day(day: date | None) -> int:
    return day.toordinal() if day is not None else _NO_DATE


def _columns(rows: Sequence[OrderRow]) -> dict[str, Sequence[Any]]:
    """The rows transposed, one tuple per field: zip does in C what reading a field of every
    row one by one would do in Python."""
    from widgets.orders.order_rows import OrderRow  # at call time: order_rows imports this

    if not rows:
        return {name: () for name in OrderRow._fields}
    return dict(zip(OrderRow._fields, zip(*rows, strict=True), strict=True))


def column_ranks(rows: Sequence[OrderRow]) -> tuple[np.ndarray, ...]:
    """A dense rank per column, in Column order. Numbers and dates are ranked by numpy; only
    the distinct texts of a column are sorted in Python (made in the worker, once per
    refresh)."""
    return _column_ranks(_columns(rows))


def _column_ranks(col: dict[str, Sequence[Any]]) -> tuple[np.ndarray, ...]:
    line = _numeric_rank(np.fromiter(col["line_no"], np.int64, len(col["line_no"])))
    # (number case-folded, line): the number's rank, then the line's within it
    order = _numeric_rank(text_rank(col["number"]).astype(np.int64)
                          * (int(line.max(initial=0)) + 1) + line)
    requested = _mapped(col["requested"], _day, np.int64)
    promised = _mapped(col["promised"], _day, np.int64)
    due = np.where(promised == _NO_DATE, requested, promised)  # promised, else requested
    risk = _mapped(col["risk"], RISK_RANK.__getitem__, np.int64)
    ranks: dict[Column, np.ndarray] = {
        Column.ORDER: order,
        Column.LINE: line,
        Column.CUSTOMER: text_rank(col["customer"]),
        Column.PO: text_rank(col["po"]),
        Column.PRODUCT: text_rank(col["product"]),
        Column.QUANTITY: _numeric_rank(_mapped(col["quantity"], float, np.float64)),
        Column.REQUESTED: _numeric_rank(requested),
        Column.PROMISED: _numeric_rank(promised),
        Column.PREDICTED: _numeric_rank(_mapped(col["predicted"], _day, np.int64)),
        Column.PROGRESS: _numeric_rank(np.array(col["progress"], np.float64)),
        Column.STATUS: _numeric_rank(_mapped(col["status"], STATUS_RANK.__getitem__,
                                             np.int64)),
        Column.RISK: _numeric_rank(risk * _NO_DATE + due),
        Column.REASON: text_rank([r[0].code if r else "" for r in col["reasons"]], fold=False),
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
    # per row: its place when what needs attention comes first; None: the rows are in that
    # order. A table model that keeps rows where they are across refreshes breaks ties by it.
    attention: np.ndarray | None = None

    def take(self, order: np.ndarray) -> RowIndex:
        """The index of the rows put in `order` (rows[order[0]] first)."""
        return RowIndex(ranks=tuple(rank[order] for rank in self.ranks),
                        customers=self.customers, customer=self.customer[order],
                        status=self.status[order], risk=self.risk[order],
                        search=[self.search[i] for i in order.tolist()],
                        attention=None if self.attention is None else self.attention[order])

    def customer_code(self, name: str) -> int:
        try:
            return self.customers.index(name)
        except ValueError:
            return -1


def index_rows(rows: Sequence[OrderRow]) -> RowIndex:
    col = _columns(rows)
    customers = tuple(sorted(set(col["customer"]), key=str.casefold))
    code = {name: n for n, name in enumerate(customers)}
    n = len(rows)
    return RowIndex(
        ranks=_column_ranks(col),
        customers=customers,
        customer=np.fromiter(map(code.__getitem__, col["customer"]), np.int32, n),
        status=_mapped(col["status"], STATUS_RANK.__getitem__, np.int8),
        risk=_mapped(col["risk"], RISK_RANK.__getitem__, np.int8),
        search=list(col["search"]))


def attention_order(rows: Sequence[OrderRow], index: RowIndex) -> np.ndarray:
    """Where each row goes when what needs attention comes first: worst risk, earliest
    promise (else request), then by number (as written) and line. Stable, like sorted()."""
    numbers = text_rank([row.number for row in rows], fold=False)
    # The risk column's rank is already (risk, promised else requested).
    return np.lexsort((index.ranks[Column.LINE], numbers, index.ranks[Column.RISK]))


def status_code(status: OrderStatus) -> int:
    return STATUS_RANK[OrderStatus(status)]


def risk_code(level: RiskLevel) -> int:
    return RISK_RANK[RiskLevel(level)]
