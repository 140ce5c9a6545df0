"""The rows behind a KPI tile, as a sortable table: order lines, complaints, work orders,
production lines or machines, each with the columns that explain the figure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.analytics.kpi import Kpi, RowKind, age_bucket, remaining
from app.analytics.order_risk import RiskLevel
from widgets.overview.kpi_data import OverviewFigures

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NONE = "—"
AnyIndex = QModelIndex | QPersistentModelIndex
CONTEXT = "KpiRows"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    sort: Any
    number: bool = False  # right-aligned


@dataclass(frozen=True, slots=True)
class RowsTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def text(value: Any) -> Cell:
    return Cell(str(value) if value not in (None, "") else NONE, str(value or ""))


def day(value: date | datetime | None, zone: Any = None) -> Cell:
    if value is None:
        return Cell(NONE, float("-inf"))
    if isinstance(value, datetime):
        local = value.astimezone(zone) if zone is not None else value
        return Cell(local.strftime("%Y-%m-%d %H:%M"), value.timestamp())
    return Cell(value.isoformat(), value.toordinal())


def number(value: Any, decimals: int = 0, suffix: str = "") -> Cell:
    if value is None:
        return Cell(NONE, float("-inf"), True)
    return Cell(f"{float(value):,.{decimals}f}{suffix}", float(value), True)


def percent(value: float | None) -> Cell:
    return number(value, 1, " %")


def ratio(value: float | None) -> Cell:
    return percent(None if value is None else 100 * value)


def _order_cells(figures: OverviewFigures, key: tuple[str, int]) -> list[Cell] | None:
    found = figures.orders.get(key[0])
    if found is None:
        return None
    order = found[1]
    line = next((x for x in order.lines if x.line_no == key[1]), None)
    if line is None:
        return None
    return [text(order.number), number(key[1]), text(figures.customer_name(order.id)),
            text(line.product_id), number(line.quantity), text(line.unit),
            day(line.promised_date or line.requested_date)]


ORDER_HEADERS = ("Order", "Line", "Customer", "Product", "Quantity", "Unit", "Promised")


def _deliveries(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    rows = []
    for key in kpi.keys:
        cells, done = _order_cells(figures, key), figures.completed.get(key)
        if cells is None or done is None:
            continue
        rows.append((*cells, day(done.completed_at, figures.zone),
                     text(_tr("yes") if done.on_time else _tr("late")),
                     number(done.lead_days, 1)))
    return RowsTable((*ORDER_HEADERS, "Completed", "On time", "Lead time (days)"), tuple(rows))


def _at_risk(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    levels = {RiskLevel.LATE: _tr("Late"), RiskLevel.AT_RISK: _tr("At risk")}
    rows = []
    for key in kpi.keys:
        cells, risk = _order_cells(figures, key), figures.risks.get(key)
        if cells is None or risk is None:
            continue
        rows.append((*cells, Cell(levels.get(risk.level, str(risk.level)), risk.level.value),
                     day(risk.predicted_date), text(risk.reason)))
    return RowsTable((*ORDER_HEADERS, "Risk", "Predicted", "Why"), tuple(rows))


def _complaints(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    ranks = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    names = {cid: x.name for (_, cid), x in figures.customers.items()}
    rows = []
    for key in kpi.keys:
        c = figures.complaints.get(key)
        if c is None:
            continue
        age = max(0, (figures.now - c.opened_at).days)
        severity = Cell(str(c.severity), ranks.get(str(c.severity), 9))
        rows.append((text(c.number), text(names.get(c.customer_id, c.customer_id)), severity,
                     text(str(c.status)), text(c.category),
                     day(c.opened_at, figures.zone), number(age),
                     Cell(age_bucket(c.opened_at, figures.now), age)))
    return RowsTable(("Complaint", "Customer", "Severity", "Status", "Category", "Opened",
                      "Age (days)", "Age bucket"), tuple(rows))


def _work_orders(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    rows = []
    for key in kpi.keys:
        wo = figures.work_orders.get(key)
        if wo is None:
            continue
        product = figures.products.get(wo.product_id)
        rows.append((text(wo.number), text(wo.product_id),
                     text(product.name if product is not None else ""), text(str(wo.status)),
                     number(wo.quantity), number(wo.good), number(remaining(wo)), text(wo.unit),
                     day(wo.due_date)))
    return RowsTable(("Work order", "Product", "Product name", "Status", "Quantity", "Good",
                      "Still to make", "Unit", "Due"), tuple(rows))


def _lines(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    oee = figures.kpis.get("oee")
    labels = tuple(p.week.label[-3:] for p in oee.series) if oee is not None else ()
    rows = []
    for key in kpi.keys:
        line = figures.lines.get(key)
        if line is None:
            continue
        f = line.current
        rows.append((text(line.name or _tr("(no line)")), number(line.machines),
                     ratio(f.availability), ratio(f.performance), ratio(f.quality),
                     ratio(f.oee), *(percent(v) for v in line.weekly)))
    return RowsTable(("Line", "Machines", "Availability", "Performance", "Quality",
                      "OEE (4 weeks)", *labels), tuple(rows))


def _machines(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    rows = []
    for key in kpi.keys:
        m = figures.machine_yields.get(key)
        if m is None:
            continue
        name = figures.machines.get(key)
        rows.append((text(name.name if name else key), text(name.line if name else ""),
                     number(m.good), number(m.scrap), percent(m.first_pass_yield),
                     percent(m.scrap_rate), number(m.defects), text(m.top_defect)))
    return RowsTable(("Machine", "Line", "Good", "Scrap", "First-pass yield", "Scrap rate",
                      "Defects recorded", "Top defect"), tuple(rows))


BUILDERS: dict[RowKind, Callable[[Kpi, OverviewFigures], RowsTable]] = {
    RowKind.COMPLAINT: _complaints,
    RowKind.WORK_ORDER: _work_orders,
    RowKind.LINE: _lines,
    RowKind.MACHINE: _machines,
}


def rows_behind(kpi: Kpi, figures: OverviewFigures) -> RowsTable:
    if kpi.row_kind == RowKind.ORDER_LINE:
        table = _at_risk(kpi, figures) if kpi.name == "orders_at_risk" else _deliveries(
            kpi, figures)
    else:
        table = BUILDERS[kpi.row_kind](kpi, figures)
    # Headers are English source texts (week labels pass through unchanged).
    return RowsTable(tuple(_tr(h) for h in table.headers), table.rows)


class KpiRowsModel(QAbstractTableModel):
    """A read-only table of `Cell`s; sorting goes by each cell's `sort` value (SORT_ROLE)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = RowsTable((), ())

    def set_table(self, table: RowsTable) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    @property
    def table(self) -> RowsTable:
        return self._table

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._table.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._table.headers)

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._table.headers)):
            return self._table.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._table.rows) and 0 <= column < len(self._table.headers)):
            return None
        cell = self._table.rows[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == SORT_ROLE:
            return cell.sort
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and cell.text != NONE:
            return cell.text
        return None
