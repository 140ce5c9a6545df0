"""What the Quality view shows once there are characteristics: pickers, the control chart,
violations and the measurements behind them, capability and the defect Pareto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.spc import ChartKind
from widgets.common.empty_state import EmptyState
from widgets.common.zone_time import offset_text
from widgets.quality.capability_panel import CapabilityPanel
from widgets.quality.control_chart import ControlChartWidget
from widgets.quality.pareto_chart import ParetoChart
from widgets.quality.quality_compute import QualityResult, ViolationItem
from widgets.quality.quality_models import PointsModel, ViolationsModel
from widgets.quality.quality_pickers import QualityPickers

ROW_HEIGHT = 22


def _table(model: ViolationsModel | PointsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    # Fixed row heights: no per-row measuring, however many rows.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    return table


def _titled(title: QLabel, body: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    layout.addWidget(body, 1)
    return box


class QualityContent(QWidget):
    def __init__(self, matrix: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: QualityResult | None = None
        self.pickers = QualityPickers()
        self.summary = QLabel()
        self.summary.setObjectName("qualitySummary")
        self.summary.setWordWrap(True)

        self.chart = ControlChartWidget()
        self.violations_model = ViolationsModel(self)
        self.violations_table = _table(self.violations_model)
        self.points_model = PointsModel(parent=self)
        self.points_table = _table(self.points_model)
        self.violations_title = QLabel(self.tr("Rule violations"))
        self.points_title = QLabel(self.tr("Measurements behind it"))
        self.capability = CapabilityPanel()
        self.pareto = ParetoChart()
        self.pareto.set_texts(self.tr("Quantity"), self.tr("Cumulative %"))
        self.capability_title = QLabel(self.tr("Capability"))
        self.pareto_title = QLabel(self.tr("Defects (Pareto)"))

        # Charts across the top; the two lists share the full width below, so a rule's words
        # and a measurement's lot and work order fit without scrolling sideways.
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(_titled(self.capability_title, self.capability))
        right.addWidget(_titled(self.pareto_title, self.pareto))
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.chart)
        charts.addWidget(right)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 2)
        charts.setSizes([600, 400])
        lists = QSplitter(Qt.Orientation.Horizontal)
        lists.addWidget(_titled(self.violations_title, self.violations_table))
        lists.addWidget(_titled(self.points_title, self.points_table))
        lists.setSizes([500, 500])
        self.main = QSplitter(Qt.Orientation.Vertical)
        self.main.addWidget(charts)
        self.main.addWidget(lists)
        self.main.setStretchFactor(0, 3)
        self.main.setStretchFactor(1, 1)
        self.main.setSizes([470, 180])

        self.no_data = EmptyState("", "")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.main)
        self.stack.addWidget(self.no_data)

        self.chart_page = QWidget()
        page = QVBoxLayout(self.chart_page)
        page.setContentsMargins(0, 4, 0, 0)
        page.setSpacing(8)
        page.addWidget(self.pickers)
        page.addWidget(self.summary)
        page.addWidget(self.stack, 1)
        # One characteristic's chart, and every characteristic of a line side by side.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.chart_page, self.tr("Chart"))
        self.matrix = matrix
        if matrix is not None:
            self.tabs.addTab(matrix, self.tr("By line"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        header = self.violations_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ViolationsModel.Column.RULE, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().horizontalAdvance("2026-11-24 12:45") + 16
        self.violations_table.setColumnWidth(ViolationsModel.Column.TIME, width)
        self.points_table.setColumnWidth(PointsModel.Column.TIME, width)
        for column in (ViolationsModel.Column.CHART, ViolationsModel.Column.POINTS):
            self.violations_table.setColumnWidth(column, 64)
        self.violations_table.selectionModel().selectionChanged.connect(
            self._on_violation_selected)
        self.chart.point_clicked.connect(self._on_point_clicked)
        self._marked: tuple[list[int], list[int]] = ([], [])
        self.pickers.time_axis_toggled.connect(lambda _on: self._show_chart())

    # -- showing a result ------------------------------------------------------------------
    def show_result(self, result: QualityResult) -> None:
        self.result = result
        ch = result.characteristic
        if not result.measurement_count:
            self.summary.setText(f"{ch.name} ({ch.unit})")
            self.no_data.set_texts(
                self.tr("No measurements in this window"),
                self.tr("Nothing was measured for this characteristic in the chosen window "
                        "and machine. Pick a longer window or all machines."))
            self.stack.setCurrentWidget(self.no_data)
            return
        self.stack.setCurrentWidget(self.main)
        self.summary.setText(self._summary_text(result))
        self._set_chart_texts(result)
        marked = {"primary": set(), "secondary": set()}
        for v in result.violations:
            marked[v.panel].update(v.points)
        self._marked = (sorted(marked["primary"]), sorted(marked["secondary"]))
        self._show_chart()
        self.violations_model.set_rows(result.violations)
        self.points_model.set_rows([])
        self.points_title.setText(self.tr("Measurements behind it"))
        self.capability.show_values(
            result.values,
            float(ch.lsl) if ch.lsl is not None else None,
            float(ch.usl) if ch.usl is not None else None,
            float(ch.target) if ch.target is not None else None,
            result.capability)
        self.pareto.set_bars(result.pareto)

    def _show_chart(self) -> None:
        """The chart on subgroup numbers, or on time in the site's zone."""
        result = self.result
        chart = result.chart if result is not None else None
        times = None
        if result is not None and chart is not None and self.pickers.time_axis.isChecked():
            zone = ZoneInfo(result.zone)
            latest = result.groups[-1].at if result.groups else datetime.now(UTC)
            # One offset for the whole axis: the one at the newest point.
            offset = latest.astimezone(zone).utcoffset() or timedelta(0)
            self.chart.set_time_axis(True, int(offset.total_seconds()), self.tr(
                "Time ({zone}, {offset})").format(zone=result.zone, offset=offset_text(offset)))
            times = result.point_times()
        else:
            self.chart.set_time_axis(False)
        self.chart.set_chart(chart, *self._marked, times=times)

    def show_error(self, error: BaseException) -> None:
        self.summary.setText(self.tr("Quality data could not be read: {error}").format(
            error=error))

    def _summary_text(self, result: QualityResult) -> str:
        ch = result.characteristic
        parts = [f"{ch.name} ({ch.unit})"]
        if ch.critical:
            parts.append(self.tr("critical"))
        individual = result.selection.chart is ChartKind.I_MR
        if result.chart is None:
            parts.append(self.tr("too few points for control limits"))
        elif individual:
            parts.append(self.tr("{count} measurements").format(count=len(result.groups)))
        else:
            parts.append(self.tr("{count} subgroups of {size}").format(
                count=len(result.groups), size=ch.subgroup_size))
        if result.limits is not None:
            parts.append(self.tr("limits from the first {count} points").format(
                count=result.limits.baseline_points))
        parts.append(self.tr("{count} rule violations").format(count=len(result.violations)))
        return " · ".join(parts)

    def _set_chart_texts(self, result: QualityResult) -> None:
        unit = result.characteristic.unit
        kind = result.selection.chart
        if kind is ChartKind.I_MR:
            values, spread = self.tr("Individuals ({unit})"), self.tr("Moving range")
            x_label = self.tr("Measurement")
        else:
            values = self.tr("Subgroup mean ({unit})")
            spread = self.tr("Range") if kind is ChartKind.XBAR_R else self.tr("Std. deviation")
            x_label = self.tr("Subgroup")
        self.chart.set_texts(values.format(unit=unit), spread, x_label,
                             [self.tr("Values"), self.tr("Centre line"),
                              self.tr("Control limits"), self.tr("Rule violation")])

    # -- from a violation to its measurements ------------------------------------------------
    def _on_violation_selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        if self.result is None or selected.isEmpty():
            return
        violation: ViolationItem = self.violations_model.row_item(selected.indexes()[0].row())
        self.points_model.set_rows(self.result.points_behind(violation.points))
        self.points_title.setText(self.tr("Measurements behind it: {count}").format(
            count=self.points_model.rowCount()))

    def _on_point_clicked(self, point: int) -> None:
        if self.result is None:
            return
        for row, violation in enumerate(self.result.violations):
            if point in violation.points:
                self.violations_table.selectRow(row)
                self.violations_table.scrollTo(self.violations_model.index(row, 0))
                return
