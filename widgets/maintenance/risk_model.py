"""The machines ranked by risk, one row each: a thin table model over the MachineRisk rows."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.analytics.maintenance.risk import MachineRisk, Model, Probability
from widgets.maintenance.maintenance_data import MaintenanceData
from widgets.maintenance.texts import model_name, percent, when_text

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    MACHINE = 0
    WORK_CENTER = 1
    NEXT_SHIFT = 2
    NEXT_DAY = 3
    NEXT_WEEK = 4
    SERVICE_BY = 5
    MODEL = 6
    MTBF = 7
    MTTR = 8
    FAILURES = 9


class RiskModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[MachineRisk] = []
        self.data_: MaintenanceData | None = None

    def headers(self) -> list[str]:
        return [self.tr("Machine"), self.tr("Work center"), self.tr("Next shift"),
                self.tr("Next day"), self.tr("Next week"), self.tr("Service by"),
                self.tr("Model"), self.tr("MTBF (h)"), self.tr("MTTR (h)"),
                self.tr("Failures")]

    def set_data(self, data: MaintenanceData) -> None:
        self.beginResetModel()
        self.data_ = data
        self.rows = list(data.risks)
        self.endResetModel()

    def row_of(self, machine_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.machine_id == machine_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.data_ is None:
            return None
        risk = self.rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(risk, column)
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            return self._key(risk, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.NEXT_SHIFT,
                                                              Column.NEXT_DAY, Column.NEXT_WEEK):
            p = _probability(risk, column)
            if p.low is not None and p.high is not None:
                return self.tr("90 % interval: {low} to {high}").format(
                    low=percent(p.low), high=percent(p.high))
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= Column.NEXT_SHIFT \
                and column != Column.MODEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def cell_text(self, risk: MachineRisk, column: Column) -> str:
        data = self.data_
        assert data is not None
        figures = data.figures.get(risk.machine_id)
        match column:
            case Column.MACHINE:
                return data.names.get(risk.machine_id, risk.machine_id)
            case Column.WORK_CENTER:
                center = data.work_center_of.get(risk.machine_id, "")
                return data.names.get(center, center)
            case Column.NEXT_SHIFT | Column.NEXT_DAY | Column.NEXT_WEEK:
                p = _probability(risk, column)
                return percent(p.value) if p.value is not None else "—"
            case Column.SERVICE_BY:
                return when_text(risk.threshold_at, data.now) if risk.threshold_at else "—"
            case Column.MODEL:
                return model_name(risk.model)
            case Column.MTBF:
                return f"{figures.mtbf_hours:.0f}" if figures and figures.mtbf_hours else "—"
            case Column.MTTR:
                return f"{figures.mttr_hours:.1f}" if figures and figures.mttr_hours else "—"
            case Column.FAILURES:
                return str(figures.failures) if figures else "0"
        return ""

    def _key(self, risk: MachineRisk, column: Column):
        if column in (Column.NEXT_SHIFT, Column.NEXT_DAY, Column.NEXT_WEEK):
            p = _probability(risk, column).value
            return -1.0 if p is None else p
        if column == Column.SERVICE_BY:
            return risk.threshold_at.timestamp() if risk.threshold_at else float("inf")
        if column == Column.MODEL:
            return list(Model).index(risk.model)
        if column in (Column.MTBF, Column.MTTR, Column.FAILURES):
            figures = self.data_.figures.get(risk.machine_id) if self.data_ else None
            if figures is None:
                return 0.0
            value = {Column.MTBF: figures.mtbf_hours, Column.MTTR: figures.mttr_hours,
                     Column.FAILURES: figures.failures}[column]
            return float(value) if value is not None else float("inf")
        return self.cell_text(risk, column).lower()


def _probability(risk: MachineRisk, column: Column) -> Probability:
    return {Column.NEXT_SHIFT: risk.next_shift, Column.NEXT_DAY: risk.next_day,
            Column.NEXT_WEEK: risk.next_week}[column]
