"""The order lines table: a thin model over OrderRow tuples. Texts are made only for the rows
on screen, once each; sorting and filtering live in OrdersFilter (orders_filter.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.analytics.fulfilment import quantity_text
from widgets.common.table_export import EXPORT_ROLE
from widgets.orders.order_columns import Column, RowIndex, index_rows
from widgets.orders.order_rows import OrderRow
from widgets.orders.order_texts import (
    day_text,
    predicted_text,
    range_tooltip,
    reasons_text,
    risk_word,
    status_word,
)

if TYPE_CHECKING:
    from widgets.orders.order_updates import Placement

AnyIndex = QModelIndex | QPersistentModelIndex
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2  # 0..1, for the progress bar
RISK_ROLE = Qt.ItemDataRole.UserRole + 3  # the RiskLevel's value, for the badge

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
LATE_COLOUR = QColor("#c62828")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_RIGHT_COLUMNS = (Column.LINE, Column.QUANTITY)
_COLUMNS = len(Column)
_ROLES = frozenset({PROGRESS_ROLE, RISK_ROLE, ALIGNMENT, FOREGROUND, TOOLTIP, EXPORT_ROLE})


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for n in rows:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


class OrdersModel(QAbstractTableModel):
    # Around `update`: OrdersFilter sorts and filters once for the whole update, not per step.
    update_started = Signal()
    update_finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[OrderRow] = []
        self.row_index: RowIndex = index_rows([])
        self._texts: dict[int, tuple[str, ...]] = {}  # texts of the rows shown so far
        self._keys: dict[tuple[str, int], int] | None = None  # row by line key, when asked

    def headers(self) -> list[str]:
        return [self.tr("Order"), self.tr("Line"), self.tr("Customer"), self.tr("PO"),
                self.tr("Product"), self.tr("Quantity"), self.tr("Requested"),
                self.tr("Promised"), self.tr("Predicted"), self.tr("Progress"),
                self.tr("Status"), self.tr("Risk"), self.tr("Why")]

    def set_rows(self, rows: list[OrderRow], index: RowIndex | None = None) -> None:
        """New rows; `index` (made in the worker) saves making it here on the UI thread."""
        self.beginResetModel()
        self.rows = rows
        self.row_index = index if index is not None else index_rows(rows)
        self._texts = {}
        self._keys = None
        self.endResetModel()

    def update(self, placement: Placement) -> tuple[list[OrderRow], RowIndex]:
        """The rows of `placement` in place of these: rows gone removed, rows added inserted
        at the end, changed rows announced; no reset, so selections and scrolling stay.
        Returns the rows and index replaced, for the caller to let go of off this thread."""
        old = self.rows, self.row_index
        self.update_started.emit()
        for first, last in reversed(_runs(placement.removed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            self.rows = self.rows[:first] + self.rows[last + 1:]
            self.endRemoveRows()
        if len(placement.rows) > placement.kept:
            self.beginInsertRows(QModelIndex(), placement.kept, len(placement.rows) - 1)
            self.rows = placement.rows
            self.endInsertRows()
        self.rows = placement.rows
        self.row_index = placement.index
        self._keys = None
        if placement.removed:
            self._texts = {}  # rows moved up
        else:
            for n in placement.changed:
                self._texts.pop(n, None)
        for first, last in _runs(placement.changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, _COLUMNS - 1))
        self.update_finished.emit()
        return old

    def row_at(self, row: int) -> OrderRow:
        return self.rows[row]

    def find(self, key: tuple[str, int]) -> int | None:
        if self._keys is None:
            self._keys = {row.key: n for n, row in enumerate(self.rows)}
        return self._keys.get(key)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else _COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == DISPLAY
                and 0 <= section < _COLUMNS):
            return self.headers()[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        return self.value(index.row(), index.column(), role)

    def value(self, n: int, column: int, role: int) -> Any:
        """data() without a QModelIndex: the proxy calls this for every cell painted, about
        eight times (once per role the delegate asks about), so the common answers come first."""
        if role == DISPLAY:
            texts = self._texts.get(n)
            return (texts if texts is not None else self.texts(n))[column]
        if role not in _ROLES or not 0 <= n < len(self.rows):
            return None
        if role == PROGRESS_ROLE:
            return self.rows[n].progress
        if role == RISK_ROLE:
            return self.rows[n].risk.value
        if role == ALIGNMENT:
            return _RIGHT if column in _RIGHT_COLUMNS else None
        if role == FOREGROUND:
            row = self.rows[n]
            late = (column == Column.PREDICTED and row.predicted is not None
                    and row.promised is not None and row.predicted > row.promised)
            return LATE_COLOUR if late else None
        if role == TOOLTIP:
            return self._tooltip(n, Column(column))
        if role == EXPORT_ROLE:
            return self._typed(n, column)
        return None

    def _typed(self, n: int, column: int) -> Any:
        """Real numbers and dates for an export (None: the text shown); "" for no date."""
        row = self.rows[n]
        match column:
            case Column.LINE:
                return row.line_no
            case Column.QUANTITY:
                return row.quantity  # the unit is the product's: the number alone sums
            case Column.REQUESTED:
                return row.requested
            case Column.PROMISED:
                return row.promised if row.promised is not None else ""
            case Column.PREDICTED:
                return row.predicted if row.predicted is not None else ""
            case Column.PROGRESS:
                return int(row.progress * 100)  # percent, as shown
        return None

    def texts(self, n: int) -> tuple[str, ...]:
        if not 0 <= n < len(self.rows):
            return ("",) * _COLUMNS
        texts = self._texts.get(n)
        if texts is None:
            row = self.rows[n]
            texts = self._texts[n] = (
                row.number, str(row.line_no), row.customer, row.po, row.product,
                f"{quantity_text(row.quantity)} {row.unit}", day_text(row.requested),
                day_text(row.promised), predicted_text(row.predicted, row.latest),
                f"{int(row.progress * 100)} %",
                status_word(row.status), risk_word(row.risk), reasons_text(row.reasons))
        return texts

    def _tooltip(self, n: int, column: Column) -> str | None:
        row = self.rows[n]
        match column:
            case Column.RISK | Column.REASON:
                return self.texts(n)[Column.REASON]
            case Column.PRODUCT:
                return row.product_name or None
            case Column.CUSTOMER:  # long names are cut short in the column
                return row.customer
            case Column.PROGRESS:
                return self.tr("{done} of {ordered} {unit} made or shipped").format(
                    done=quantity_text(row.done), ordered=quantity_text(row.quantity),
                    unit=row.unit)
            case Column.PREDICTED if row.predicted is None:
                return self.tr("No predicted completion: the scheduler has not planned it.")
            case Column.PREDICTED if row.earliest is not None and row.latest is not None:
                return range_tooltip(row.predicted, row.earliest, row.latest)
        return None
