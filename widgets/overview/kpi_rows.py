"""The rows behind a KPI tile, as a sortable table: order lines, complaints, work orders,
production lines or machines, each with the columns that explain the figure.

`rows_behind` runs in the views' worker and returns plain columns: each column's raw values
(one tuple) and a dense sort rank (one numpy array), not an object per cell, so 30,000 rows
cost a few dozen objects and the garbage collector never walks them. The model formats a
cell only when Qt asks for it, and sorts with one `argsort` of the ranks: Qt never compares
two rows through Python.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.analytics.ages import whole_days
from app.analytics.kpi import Kpi, RowKind, age_bucket, remaining
from app.analytics.order_risk import RiskLevel
from app.runtime.overview_figures import OverviewFigures
from widgets.orders.order_texts import reasons_text
from widgets.overview.kpi_texts import NONE

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's sort rank
AnyIndex = QModelIndex | QPersistentModelIndex
if TYPE_CHECKING:  # numpy is imported by the first table, not at start
    import numpy as np

CONTEXT = "KpiRows"  # QT_TRANSLATE_NOOP below names it literally: lupdate needs a literal
SAMPLES = 3  # longest texts per column that the view measures to size the column


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class Kind(Enum):
    TEXT = "text"  # a str; empty shows `empty` (translated) or NONE
    LABEL = "label"  # a key of `labels`: an English text translated when shown
    NUMBER = "number"  # a number or None, right-aligned
    DAY = "day"  # a date, or a datetime shown in the column's zone


@dataclass(frozen=True, slots=True)
class Column:
    header: str  # English source text, translated when shown
    kind: Kind
    values: tuple[Any, ...]  # raw, one per row
    rank: np.ndarray  # int32 per row: equal sort keys share a rank
    samples: tuple[Any, ...] = ()  # values whose texts are likely the widest
    decimals: int = 0
    suffix: str = ""
    zone: ZoneInfo | None = None
    labels: Mapping[Any, str] | None = None
    empty: str = ""

    def text(self, value: Any) -> str:
        if self.kind is Kind.TEXT:
            if value not in (None, ""):
                return str(value)
            return _tr(self.empty) if self.empty else NONE
        if self.kind is Kind.LABEL:
            label = (self.labels or {}).get(value)
            return _tr(label) if label is not None else str(value)
        if value is None:
            return NONE
        if self.kind is Kind.NUMBER:
            return f"{float(value):,.{self.decimals}f}{self.suffix}"
        if isinstance(value, datetime):
            local = value.astimezone(self.zone) if self.zone is not None else value
            return local.strftime("%Y-%m-%d %H:%M")
        return value.isoformat()


@dataclass(frozen=True, slots=True)
class Spec:
    """How to make a column from raw values; `key` overrides the kind's sort key."""

    header: str
    kind: Kind = Kind.TEXT
    decimals: int = 0
    suffix: str = ""
    zone: ZoneInfo | None = None
    labels: Mapping[Any, str] | None = None
    empty: str = ""
    key: Callable[[Any], Any] | None = None
    sort_by: int | None = None  # sort as that column does (an age bucket by the age)


def _sort_key(spec: Spec, value: Any) -> Any:
    """What the table sorted by when every cell carried its own sort value: texts as texts,
    numbers and days as numbers with nothing first, labels by their English text."""
    if spec.key is not None:
        return spec.key(value)
    if spec.kind is Kind.TEXT:
        return str(value) if value not in (None, "") else spec.empty
    if spec.kind is Kind.LABEL:
        return (spec.labels or {}).get(value, str(value))
    if value is None:
        return float("-inf")
    if spec.kind is Kind.NUMBER:
        return float(value)
    return value.timestamp() if isinstance(value, datetime) else float(value.toordinal())


def _column(spec: Spec, values: tuple[Any, ...], rank: np.ndarray | None) -> Column:
    import numpy as np

    # Keys and ranks are worked out once per distinct value: dates, names and quantities
    # repeat across thousands of rows.
    distinct = set(values)
    keys = {v: _sort_key(spec, v) for v in distinct}
    if rank is None:
        place = {k: n for n, k in enumerate(sorted(set(keys.values())))}
        code = {v: place[k] for v, k in keys.items()}
        rank = np.fromiter(map(code.__getitem__, values), np.int32, len(values))
    if spec.kind is Kind.TEXT:
        samples = tuple(sorted(distinct, key=lambda v: len(str(v or "")))[-SAMPLES:])
    elif spec.kind is Kind.LABEL:
        samples = tuple(distinct)
    else:  # the smallest and largest: the most digits or the longest dates
        samples = (min(distinct, key=keys.__getitem__), max(distinct, key=keys.__getitem__)) \
            if distinct else ()
    return Column(spec.header, spec.kind, values, rank, samples, spec.decimals, spec.suffix,
                  spec.zone, spec.labels, spec.empty)


@dataclass(frozen=True, slots=True)
class RowsTable:
    name: str  # the Kpi's name
    keys: tuple[Hashable, ...]  # each row's key, in row order
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def __len__(self) -> int:
        return len(self.keys)


EMPTY = RowsTable("", (), ())


def _table(name: str, specs: Sequence[Spec], keys: list[Hashable],
           rows: list[tuple[Any, ...]]) -> RowsTable:
    values = list(zip(*rows, strict=True)) if rows else [() for _ in specs]
    columns: list[Column] = []
    for spec, column in zip(specs, values, strict=True):
        rank = columns[spec.sort_by].rank if spec.sort_by is not None else None
        columns.append(_column(spec, column, rank))
    return RowsTable(name, tuple(keys), tuple(columns))


def _order_values(figures: OverviewFigures, key: tuple[str, int]) -> tuple[Any, ...] | None:
    found = figures.orders.get(key[0])
    if found is None:
        return None
    order = found[1]
    line = next((x for x in order.lines if x.line_no == key[1]), None)
    if line is None:
        return None
    return (order.number, key[1], figures.customer_name(order.id), line.product_id,
            line.quantity, line.unit, line.promised_date or line.requested_date)


ORDER_SPECS = (
    Spec(QT_TRANSLATE_NOOP("KpiRows", "Order")),
    Spec(QT_TRANSLATE_NOOP("KpiRows", "Line"), Kind.NUMBER),
    Spec(QT_TRANSLATE_NOOP("KpiRows", "Customer")),
    Spec(QT_TRANSLATE_NOOP("KpiRows", "Product")),
    Spec(QT_TRANSLATE_NOOP("KpiRows", "Quantity"), Kind.NUMBER),
    Spec(QT_TRANSLATE_NOOP("KpiRows", "Unit")),
    Spec(QT_TRANSLATE_NOOP("KpiRows", "Promised"), Kind.DAY),
)


def _deliveries(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    keys, rows = [], []
    for key in kpi.keys:
        cells, done = _order_values(figures, key), figures.completed.get(key)
        if cells is None or done is None:
            continue
        keys.append(key)
        rows.append((*cells, done.completed_at, done.on_time, done.lead_days))
    on_time = {True: QT_TRANSLATE_NOOP("KpiRows", "yes"),
               False: QT_TRANSLATE_NOOP("KpiRows", "late")}
    return _table(kpi.name, (
        *ORDER_SPECS,
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Completed"), Kind.DAY, zone=figures.zone),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "On time"), Kind.LABEL, labels=on_time),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Lead time (days)"), Kind.NUMBER, 1)), keys, rows)


def _at_risk(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    keys, rows = [], []
    for key in kpi.keys:
        cells, risk = _order_values(figures, key), figures.risks.get(key)
        if cells is None or risk is None:
            continue
        keys.append(key)
        # Worded as the Orders view words them, in the console's language.
        rows.append((*cells, risk.level, risk.predicted_date, reasons_text(risk.reasons)))
    levels = {RiskLevel.LATE: QT_TRANSLATE_NOOP("KpiRows", "Late"),
              RiskLevel.AT_RISK: QT_TRANSLATE_NOOP("KpiRows", "At risk")}
    return _table(kpi.name, (
        *ORDER_SPECS,
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Risk"), Kind.LABEL, labels=levels,
             key=lambda v: v.value),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Predicted"), Kind.DAY),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Why"))), keys, rows)


def _complaints(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    ranks = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    names = {cid: x.name for (_, cid), x in figures.customers.items()}
    keys, rows = [], []
    for key in kpi.keys:
        c = figures.complaints.get(key)
        if c is None:
            continue
        keys.append(key)
        rows.append((c.number, names.get(c.customer_id, c.customer_id), str(c.severity),
                     str(c.status), c.category, c.opened_at,
                     whole_days(c.opened_at, figures.now),
                     age_bucket(c.opened_at, figures.now)))
    return _table(kpi.name, (
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Complaint")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Customer")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Severity"), key=lambda v: ranks.get(v, 9)),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Status")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Category")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Opened"), Kind.DAY, zone=figures.zone),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Age (days)"), Kind.NUMBER),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Age bucket"), sort_by=6)), keys, rows)


def _work_orders(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    keys, rows = [], []
    for key in kpi.keys:
        wo = figures.work_orders.get(key)
        if wo is None:
            continue
        product = figures.products.get(wo.product_id)
        keys.append(key)
        rows.append((wo.number, wo.product_id, product.name if product is not None else "",
                     str(wo.status), wo.quantity, wo.good, remaining(wo), wo.unit, wo.due_date))
    return _table(kpi.name, (
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Work order")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Product")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Product name")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Status")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Quantity"), Kind.NUMBER),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Good"), Kind.NUMBER),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Still to make"), Kind.NUMBER),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Unit")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Due"), Kind.DAY)), keys, rows)


def _percent(value: float | None) -> float | None:
    return None if value is None else 100 * value


def _pct(header: str) -> Spec:
    return Spec(header, Kind.NUMBER, 1, " %")


def _lines(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    oee = figures.kpis.get("oee")
    labels = tuple(p.week.label[-3:] for p in oee.series) if oee is not None else ()
    keys, rows = [], []
    for key in kpi.keys:
        line = figures.lines.get(key)
        if line is None:
            continue
        f = line.current
        keys.append(key)
        rows.append((line.name, line.machines, _percent(f.availability),
                     _percent(f.performance), _percent(f.quality), _percent(f.oee),
                     *line.weekly))
    return _table(kpi.name, (
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Line"), empty=QT_TRANSLATE_NOOP("KpiRows", "(no line)")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Machines"), Kind.NUMBER),
        _pct(QT_TRANSLATE_NOOP("KpiRows", "Availability")),
        _pct(QT_TRANSLATE_NOOP("KpiRows", "Performance")),
        _pct(QT_TRANSLATE_NOOP("KpiRows", "Quality")),
        _pct(QT_TRANSLATE_NOOP("KpiRows", "OEE (4 weeks)")),
        *(_pct(label) for label in labels)), keys, rows)


def _machines(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    keys, rows = [], []
    for key in kpi.keys:
        m = figures.machine_yields.get(key)
        if m is None:
            continue
        name = figures.machines.get(key)
        keys.append(key)
        rows.append((name.name if name else key, name.line if name else "", m.good, m.scrap,
                     m.first_pass_yield, m.scrap_rate, m.defects, m.top_defect))
    return _table(kpi.name, (
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Machine")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Line")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Good"), Kind.NUMBER),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Scrap"), Kind.NUMBER),
        _pct(QT_TRANSLATE_NOOP("KpiRows", "First-pass yield")),
        _pct(QT_TRANSLATE_NOOP("KpiRows", "Scrap rate")),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Defects recorded"), Kind.NUMBER),
        Spec(QT_TRANSLATE_NOOP("KpiRows", "Top defect"))), keys, rows)


BUILDERS: dict[RowKind, Callable[[Kpi, OverviewFigures], RowsTable]] = {
    RowKind.COMPLAINT: _complaints,
    RowKind.WORK_ORDER: _work_orders,
    RowKind.LINE: _lines,
    RowKind.MACHINE: _machines,
}


def rows_behind(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    """The rows behind `kpi` (run it in the worker: it walks every key)."""
    if kpi.row_kind == RowKind.ORDER_LINE:
        return _at_risk(kpi, figures) if kpi.name == "orders_at_risk" else _deliveries(
            kpi, figures)
    return BUILDERS[kpi.row_kind](kpi, figures)


def all_rows(figures: OverviewFigures) -> dict[str, RowsTable]:
    """Every tile's rows, so a click shows them at once instead of waiting for the worker."""
    return {name: rows_behind(kpi, figures) for name, kpi in figures.kpis.items()}


class KpiRowsModel(QAbstractTableModel):
    """A read-only view of a `RowsTable` in the order of `sort`: `_order[view row]` is the
    table's row. Sorting sorts the ranks (numpy), not the cells."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = EMPTY
        self._order: np.ndarray | tuple[()] = ()  # no rows yet
        self.sort_column = -1  # -1: the table's own order (the Kpi's keys)
        self.sort_order = Qt.SortOrder.AscendingOrder

    @property
    def table(self) -> RowsTable:
        return self._table

    def set_table(self, table: RowsTable) -> bool:
        """Show `table`; True when that reset the model. The same figure with the same rows
        (a refresh that changed values only) keeps the sort, the selection and the scroll
        position: the cells change (and rows move if the sort says so), nothing resets."""
        import numpy as np

        old = self._table
        if (table.name, table.keys, table.headers) != (old.name, old.keys, old.headers):
            self.beginResetModel()
            self._table = table
            if self.sort_column >= len(table.columns):
                self.sort_column = -1
            self._order = self._sorted()
            self.endResetModel()
            return True
        self._table = table
        order = self._sorted()
        if not np.array_equal(order, self._order):
            self._move_rows(order)
        if len(table):
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(table) - 1, len(table.columns) - 1))
        return False

    def _sorted(self) -> np.ndarray:
        import numpy as np

        if not 0 <= self.sort_column < len(self._table.columns):
            return np.arange(len(self._table), dtype=np.intp)
        rank = self._table.columns[self.sort_column].rank
        # Stable both ways: equal values keep the Kpi's order.
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        return np.argsort(-rank if descending else rank, kind="stable")

    def _move_rows(self, order: np.ndarray) -> None:
        """Put the rows in `order`; persistent indexes (the selection) move with their rows."""
        import numpy as np

        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        rows = [int(self._order[i.row()]) if 0 <= i.row() < len(self._order) else -1
                for i in persistent]
        self._order = order
        inverse = np.empty(len(order), dtype=np.intp)
        inverse[order] = np.arange(len(order), dtype=np.intp)
        self.changePersistentIndexList(persistent, [
            self.index(int(inverse[r]), i.column()) if r >= 0 else QModelIndex()
            for r, i in zip(rows, persistent, strict=True)])
        self.layoutChanged.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self._move_rows(self._sorted())

    def texts(self, column: int) -> list[str]:
        """A few of the column's texts, the widest likely among them, to size it by."""
        if not 0 <= column < len(self._table.columns):
            return []
        col = self._table.columns[column]
        return [col.text(v) for v in col.samples]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._table)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._table.columns)

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._table.columns)):
            # English source texts (week labels pass through unchanged).
            return _tr(self._table.columns[section].header)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()  # -1 for an invalid index
        if not (0 <= row < len(self._order) and 0 <= column < len(self._table.columns)):
            return None
        col, at = self._table.columns[column], int(self._order[row])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = col.text(col.values[at])
            return None if role == Qt.ItemDataRole.ToolTipRole and text == NONE else text
        if role == SORT_ROLE:
            return int(col.rank[at])
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind is Kind.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class KpiRowsProxy(QSortFilterProxyModel):
    """Filters like any proxy, but hands sorting to the `KpiRowsModel` beneath (ranks, numpy):
    its own sort would call Python `data()` for every comparison. It keeps the source's order."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, KpiRowsModel):
            source.sort(column, order)
