"""Capacity: for a plant manager, demand against capacity per work center over the weeks
ahead: firm orders, the order-intake forecast and open opportunities weighted by probability,
in hours, against the shift calendars' hours; the weeks short of capacity with their gap; and
each product's forecast with its uncertainty band.

Computed in the background from the console's plan snapshot (and the cached opportunities),
when the tab is shown and whenever a new plan arrives while it is."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.forecast import BAND_Z, HOLT_WINTERS, CapacityOutlook, capacity_outlook
from app.cache.store import CacheStore
from app.domain import EquipmentLevel
from widgets.common.background import Background
from widgets.common.empty_state import EmptyState, empty_or_content
from widgets.common.plan_service import PlanResult, PlanService
from widgets.planning.capacity_charts import SHORT, CapacityChart, ForecastChart, week_tick
from widgets.planning.plan_text import day_text, quantity_text

WEEKS = 12


@dataclass(frozen=True, slots=True)
class CapacityData:
    outlook: CapacityOutlook
    centers: dict[str, str]  # work center id -> name
    products: dict[str, str]  # product id -> code and name


def capacity_data(result: PlanResult, store: CacheStore | None,
                  weeks: int = WEEKS) -> CapacityData:
    """Blocking (reads the cache, fits the models): run it in the worker."""
    opportunities = []
    names: dict[str, str] = {}
    if store is not None and result.crm_source is not None:
        opportunities = store.all(result.crm_source, "crm.opportunities")
    if store is not None and result.mes_source is not None:
        names = {e.id: e.name for e in store.all(result.mes_source, "mes.equipment")
                 if e.level == EquipmentLevel.WORK_CENTER}
    snapshot = result.snapshot
    outlook = capacity_outlook(snapshot, opportunities, weeks=weeks)
    products = {pid: f"{p.code} {p.name}" if p.name and p.name != p.code else p.code
                for pid, p in snapshot.products.items()}
    return CapacityData(outlook, {c: names.get(c, c) for c in outlook.centers}, products)


class CapacityPanel(QWidget):
    shown = Signal(object)  # CapacityData on screen

    def __init__(self, service: PlanService, store: CacheStore | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.store = store
        self.data: CapacityData | None = None
        self.worker = Background(self)
        self._stale = True
        self._running = False

        self.empty = EmptyState(
            self.tr("No capacity to compare yet"),
            self.tr("Demand against capacity appears here once the MES has sent work centers, "
                    "machines and shift calendars."))
        self.center_box = QComboBox()
        self.center_box.setMinimumWidth(220)
        self.center_box.currentIndexChanged.connect(self._show_center)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.chart = CapacityChart()
        self.shortfall_title = QLabel()
        self.shortfall_list = QListWidget()
        self.shortfall_list.setMinimumWidth(250)
        self.shortfall_list.setWordWrap(True)
        self.shortfall_list.setAlternatingRowColors(True)

        self.product_box = QComboBox()
        self.product_box.setMinimumWidth(220)
        self.product_box.currentIndexChanged.connect(self._show_product)
        self.method_label = QLabel()
        self.method_label.setWordWrap(True)
        self.forecast_chart = ForecastChart()
        self.no_history = QLabel(self.tr(
            "No order history yet: a forecast needs at least one complete week of orders. "
            "Until then the demand is firm orders and opportunities only."))
        self.no_history.setWordWrap(True)
        self.no_history.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.forecast_pages = QStackedWidget()
        self.forecast_pages.addWidget(self.no_history)
        self.forecast_pages.addWidget(self.forecast_chart)

        picker = QHBoxLayout()
        picker.addWidget(QLabel(self.tr("Work center:")))
        picker.addWidget(self.center_box)
        picker.addWidget(self.summary, 1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.shortfall_title)
        side_layout.addWidget(self.shortfall_list, 1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.chart)
        top.addWidget(side)
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 1)
        product_row = QHBoxLayout()
        product_row.addWidget(QLabel(self.tr("Forecast for product:")))
        product_row.addWidget(self.product_box)
        product_row.addWidget(self.method_label, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(product_row)
        bottom_layout.addWidget(self.forecast_pages, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(picker)
        content_layout.addWidget(split, 1)
        self.pages = empty_or_content(self, self.empty, content)

        service.plan_ready.connect(self._on_plan)

    # -- computing -------------------------------------------------------------------------
    def _on_plan(self, _plan) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Compute again from the current plan (once the one under way is back)."""
        result = self.service.result
        if result is None or self._running:
            return
        self._stale = False
        self._running = True
        store = self.store
        self.worker.run(lambda: capacity_data(result, store), self._show, self._failed)

    def _failed(self, error: BaseException) -> None:
        self._running = False
        self.summary.setText(self.tr("The capacity outlook could not be computed: {error}")
                             .format(error=str(error) or type(error).__name__))
        self._again()

    def _again(self) -> None:
        if self._stale and self.isVisible():  # a plan arrived while this one was computed
            self.refresh()

    # -- showing ---------------------------------------------------------------------------
    def _show(self, data: CapacityData) -> None:
        self._running = False
        self.data = data
        outlook = data.outlook
        if not outlook.centers:
            self.pages.setCurrentIndex(0)
            self.shown.emit(data)
            self._again()
            return
        self.pages.setCurrentIndex(1)
        center = self.center_box.currentData()
        self.center_box.blockSignals(True)
        self.center_box.clear()
        short = {s.work_center_id for s in outlook.shortfalls}
        for cid, name in data.centers.items():
            label = name if name == cid else f"{name} ({cid})"
            self.center_box.addItem(f"⚠ {label}" if cid in short else label, cid)
        index = self.center_box.findData(center)
        if index < 0:  # first time: the first work center short of capacity, if any
            index = self.center_box.findData(outlook.shortfalls[0].work_center_id) \
                if outlook.shortfalls else 0
        self.center_box.setCurrentIndex(max(index, 0))
        self.center_box.blockSignals(False)

        product = self.product_box.currentData()
        self.product_box.blockSignals(True)
        self.product_box.clear()
        for pid in outlook.forecasts:
            self.product_box.addItem(data.products.get(pid, pid), pid)
        index = self.product_box.findData(product)
        self.product_box.setCurrentIndex(index if index >= 0 else 0)
        self.product_box.blockSignals(False)
        self.product_box.setEnabled(bool(outlook.forecasts))

        self._show_center()
        self._show_product()
        self.shown.emit(data)
        self._again()

    def _show_center(self) -> None:
        if self.data is None:
            return
        center = self.center_box.currentData()
        weeks = self.data.outlook.centers.get(center, ())
        self.chart.show_weeks(weeks)
        shortfalls = self.data.outlook.center_shortfalls(center)
        self.shortfall_list.clear()
        if shortfalls:
            self.shortfall_title.setText(self.tr("Weeks short of capacity: {count}").format(
                count=len(shortfalls)))
        else:
            self.shortfall_title.setText(self.tr("No week short of capacity"))
        for s in shortfalls:
            item = QListWidgetItem(self.tr("{week} ({day}): {gap} h short\n"
                                           "{demand} h needed, {available} h available").format(
                week=week_tick(s.week_start), day=day_text(s.week_start),
                gap=f"{s.gap_hours:,.1f}", demand=f"{s.demand_hours:,.1f}",
                available=f"{s.available_hours:,.1f}"))
            item.setData(Qt.ItemDataRole.UserRole, (s.work_center_id, s.week_start))
            item.setForeground(QColor(SHORT))
            self.shortfall_list.addItem(item)
        demand = sum(w.demand_hours for w in weeks)
        available = sum(w.available_hours for w in weeks)
        self.summary.setText(self.tr(
            "Next {weeks} weeks: {demand} h of demand ({firm} h firm) against {available} h "
            "of capacity.").format(
            weeks=len(weeks), demand=f"{demand:,.0f}",
            firm=f"{sum(w.firm_hours for w in weeks):,.0f}", available=f"{available:,.0f}"))

    def _show_product(self) -> None:
        if self.data is None:
            return
        forecasts = self.data.outlook.forecasts
        forecast = forecasts.get(self.product_box.currentData())
        if forecast is None:
            self.forecast_pages.setCurrentIndex(0)
            self.method_label.setText("")
            self.forecast_chart.show_forecast(None)
            return
        self.forecast_pages.setCurrentIndex(1)
        self.forecast_chart.show_forecast(forecast)
        fc = forecast.forecast
        if fc.method == HOLT_WINTERS:
            method = self.tr("Holt-Winters, trend and {season}-week season").format(
                season=fc.season_length)
        else:
            method = self.tr("mean of the recent weeks (too little history for a season)")
        self.method_label.setText(self.tr(
            "{method}; band ± {band} a week; about {mean} a week, work due {lead} week(s) "
            "after ordering.").format(
            method=method, band=quantity_text(round(BAND_Z * fc.sigma)),
            mean=quantity_text(round(fc.mean[0])) if fc.mean else "0",
            lead=forecast.lead_weeks))
