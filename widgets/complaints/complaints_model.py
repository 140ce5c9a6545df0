"""The complaints table: a thin model over ComplaintRows and a proxy that sorts and filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from app.analytics.ages import age, elapsed
from app.domain import ComplaintStatus, Severity
from widgets.common.age_text import age_words
from widgets.complaints.complaint_data import ComplaintRow
from widgets.complaints.complaint_text import (
    SEVERITY_RANK,
    STATUS_RANK,
    severity_colour,
    severity_word,
    status_word,
)

AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value that sorts right, per column
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the ComplaintRow itself


class Column(IntEnum):
    NUMBER = 0
    CUSTOMER = 1
    ORDER = 2
    PRODUCT = 3
    LOT = 4
    CATEGORY = 5
    SEVERITY = 6
    STATUS = 7
    AGE = 8


def urgency(row: ComplaintRow) -> tuple[int, int, float]:
    """Open first, then most severe, then oldest: the default order."""
    c = row.complaint
    return (STATUS_RANK[c.status], SEVERITY_RANK[c.severity], c.opened_at.timestamp())


class ComplaintsModel(QAbstractTableModel):
    def __init__(self, clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.rows: list[ComplaintRow] = []
        self._now = clock()

    def headers(self) -> list[str]:
        return [self.tr("Complaint"), self.tr("Customer"), self.tr("Order"), self.tr("Product"),
                self.tr("Lot"), self.tr("Category"), self.tr("Severity"), self.tr("Status"),
                self.tr("Age")]

    def set_rows(self, rows: list[ComplaintRow]) -> None:
        # A full reset: the set is small (hundreds), and the proxy keeps sort and filter.
        self.beginResetModel()
        self.rows = list(rows)
        self._now = self._clock()
        self.endResetModel()

    def row_at(self, row: int) -> ComplaintRow:
        return self.rows[row]

    def find(self, key: tuple[str, str]) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.key == key), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return self.headers()[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == ROW_ROLE:
            return row
        if column == Column.SEVERITY and role == Qt.ItemDataRole.ForegroundRole:
            return severity_colour(row.complaint.severity)
        if role == Qt.ItemDataRole.FontRole and self._bold(row, column):
            font = QFont()
            font.setBold(True)
            return font
        if column == Column.AGE and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == Column.NUMBER and role == Qt.ItemDataRole.ToolTipRole:
            return row.complaint.description or None
        return None

    @staticmethod
    def _bold(row: ComplaintRow, column: Column) -> bool:
        # What needs attention stands out: severe complaints, and ones nobody has taken up.
        c = row.complaint
        return ((column == Column.SEVERITY and c.severity in (Severity.HIGH, Severity.CRITICAL))
                or (column == Column.STATUS and c.status == ComplaintStatus.OPEN))

    def _text(self, row: ComplaintRow, column: Column) -> str:
        c = row.complaint
        match column:
            case Column.NUMBER:
                return c.number
            case Column.CUSTOMER:
                return row.customer
            case Column.ORDER:
                return row.order
            case Column.PRODUCT:
                return row.product
            case Column.LOT:
                return row.lot or c.serial or ""
            case Column.CATEGORY:
                return c.category
            case Column.SEVERITY:
                return severity_word(c.severity)
            case Column.STATUS:
                return status_word(c.status)
            case Column.AGE:
                return age_words(age(c.opened_at, self._now))

    def _sort_value(self, row: ComplaintRow, column: Column) -> Any:
        c = row.complaint
        match column:
            case Column.SEVERITY:
                return (SEVERITY_RANK[c.severity], c.opened_at.timestamp())
            case Column.STATUS:
                return urgency(row)
            case Column.AGE:
                # Oldest first when ascending: the age grows as opened_at shrinks.
                return (-elapsed(c.opened_at, self._now).total_seconds(),)
            case _:
                return (self._text(row, column).casefold(), c.number)


class ComplaintsFilter(QSortFilterProxyModel):
    """Status, severity and customer filters plus a text search over the visible words."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.status: ComplaintStatus | None = None
        self.severity: Severity | None = None
        self.customer: str | None = None  # (customer name) as shown
        self.search = ""

    def set_filters(self, *, status: ComplaintStatus | None = None,
                    severity: Severity | None = None, customer: str | None = None,
                    search: str = "") -> None:
        self.beginFilterChange()
        self.status, self.severity, self.customer = status, severity, customer
        self.search = search.strip().casefold()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, ComplaintsModel):
            return True
        row = model.row_at(source_row)
        c = row.complaint
        if self.status is not None and c.status != self.status:
            return False
        if self.severity is not None and c.severity != self.severity:
            return False
        if self.customer is not None and row.customer != self.customer:
            return False
        if not self.search:
            return True
        words = (c.number, row.customer, row.order, row.product, row.lot, c.serial or "",
                 c.category, c.description, severity_word(c.severity), status_word(c.status))
        return any(self.search in word.casefold() for word in words)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:  # noqa: N802
        return bool(left.data(SORT_ROLE) < right.data(SORT_ROLE))
