"""Open work orders with their predicted finish: a table model for the expedite panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.analytics.schedule import Plan
from app.domain import WorkOrder
from widgets.common.plan_service import PlanResult
from widgets.common.row_table import RowTableModel
from widgets.planning.plan_text import day_text, quantity_text

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class WorkOrderRow:
    work_order: WorkOrder
    priority: int  # as planned: a pending expedite counts
    left: float
    need: date | None
    finish: date | None
    problem: str
    latest: date | None = None  # the date it is 90 % likely finished by (the plan's P90)

    @property
    def late_days(self) -> int:
        if self.need is None or self.finish is None:
            return 0
        return max((self.finish - self.need).days, 0)


def work_order_rows(result: PlanResult) -> list[WorkOrderRow]:
    plan: Plan = result.plan
    rows = []
    for wo in result.snapshot.work_orders:
        job = plan.jobs.get(wo.id)
        if job is None:
            continue
        span = plan.job_range(wo.id)
        finish = plan.local_date(span.p50) if span is not None else None
        latest = plan.local_date(span.p90) if span is not None else None
        rows.append(WorkOrderRow(wo, job.priority, job.quantity, job.need_date, finish,
                                 job.problem, latest))
    rows.sort(key=lambda r: (r.priority, r.need or date.max, r.work_order.number))
    return rows


class WorkOrderModel(RowTableModel):
    HEADERS = (QT_TRANSLATE_NOOP("WorkOrderModel", "Work order"),
               QT_TRANSLATE_NOOP("WorkOrderModel", "Product"),
               QT_TRANSLATE_NOOP("WorkOrderModel", "Left"),
               QT_TRANSLATE_NOOP("WorkOrderModel", "Priority"),
               QT_TRANSLATE_NOOP("WorkOrderModel", "Needed by"),
               QT_TRANSLATE_NOOP("WorkOrderModel", "Predicted finish"),
               QT_TRANSLATE_NOOP("WorkOrderModel", "Late by"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[WorkOrderRow] = []

    def set_rows(self, rows: list[WorkOrderRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row, column = self.row_at(index), index.column()
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and row.problem:
            return row.problem
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: WorkOrderRow, column: int) -> str:
        wo = row.work_order
        match column:
            case 0:
                return wo.number
            case 1:
                return wo.product_id
            case 2:
                return f"{quantity_text(row.left)} {wo.unit}"
            case 3:
                return str(row.priority)
            case 4:
                return day_text(row.need) if row.need else ""
            case 5:
                if row.finish is None:
                    return self.tr("cannot be planned")
                if row.latest is not None and row.latest > row.finish:
                    return self.tr("{finish}, 90 % by {latest}").format(
                        finish=day_text(row.finish), latest=day_text(row.latest))
                return day_text(row.finish)
            case 6:
                return self.tr("%n day(s)", "", row.late_days) if row.late_days else ""
        return ""

    @staticmethod
    def _sort_key(row: WorkOrderRow, column: int):
        return (row.work_order.number, row.work_order.product_id, row.left, row.priority,
                row.need or date.max, row.finish or date.max, row.late_days)[column]

    def row_of(self, work_order_id: str) -> int:
        for i, row in enumerate(self.rows):
            if row.work_order.id == work_order_id:
                return i
        return -1


