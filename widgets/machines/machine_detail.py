"""One machine up close: live signals, the shift's state timeline, the downtime Pareto by
reason, and the orders its downtime puts at risk.

Charts keep their plot items and get new data with setData (downsampled, clipped to view), so
a refresh every few seconds never rebuilds them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.cache.store import CacheStore
from widgets.common.background import Background
from widgets.machines.detail_data import SIGNAL_WINDOW, DetailData, load_detail
from widgets.machines.machine_state import duration_text, state_colour, state_word
from widgets.machines.plant_snapshot import MachineKey
from widgets.machines.state_timeline import StateTimeline
from widgets.machines.tile_model import MachineTileModel

if TYPE_CHECKING:
    from app.runtime.plan_inputs import PlanResult

REFRESH_MS = 3000
ORDERS_EVERY = 5  # the affected orders change slowly: every fifth refresh
CURVE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
ORDER_COLUMNS = 5


class MachineDetail(QDialog):
    def __init__(self, store: CacheStore, key: MachineKey, model: MachineTileModel,
                 crm_sources: list[str], plant_now: Callable[[], datetime],
                 parent: QWidget | None = None, time_zone: str | None = None,
                 plan: Callable[[], PlanResult | None] | None = None) -> None:
        """`plan`: the window's plan (its runtime's), so the orders at risk are those the
        machine's alarm, Orders and the Overview name."""
        super().__init__(parent)
        self._plan = plan or (lambda: None)
        self.setObjectName("machineDetail")
        self.store, self.key, self.model = store, key, model
        # `crm_sources` is not used: the snapshot it comes from may predate the CRM's first
        # sync, so the orders are read from every CRM source the cache holds at each refresh.
        del crm_sources
        self._plant_now, self._zone = plant_now, time_zone
        self.background = Background(self)
        self._busy = False
        self._refreshes = 0
        self.data: DetailData | None = None
        tile = model.tile(key)
        self.setWindowTitle(self.tr("Machine {name}").format(name=tile.name if tile else key[1]))
        self.resize(1180, 760)
        pg.setConfigOptions(antialias=True, background="w", foreground="#2c3e50")

        self.header = QLabel()
        self.header.setObjectName("machineDetailHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)

        self.signals_plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.signals_plot.showGrid(x=True, y=True, alpha=0.2)
        self.signals_plot.addLegend(offset=(10, 10))
        # The axis shows the last hour, also before an hour of values has come in, until the
        # person pans or zooms.
        self._follow_hour = True
        self.signals_plot.getViewBox().sigRangeChangedManually.connect(self._stop_following)
        self.curves: dict[str, pg.PlotDataItem] = {}

        self.timeline = StateTimeline()
        self.pareto_plot = pg.PlotWidget()
        self.pareto_plot.setMouseEnabled(x=False, y=False)
        self.pareto_plot.setLabel("left", self.tr("Minutes down"))
        self.pareto_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush="#D55E00")
        self.pareto_plot.addItem(self.pareto_bars)
        self.pareto_empty = QLabel(self.tr("No downtime this shift"))
        self.pareto_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.orders = QTableWidget(0, ORDER_COLUMNS)
        self.orders.setObjectName("affectedOrders")
        self.orders.setHorizontalHeaderLabels([
            self.tr("Order"), self.tr("Customer"), self.tr("Key account"),
            self.tr("Promised"), self.tr("Work orders")])
        self.orders.verticalHeader().hide()
        self.orders.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.orders.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.orders_empty = QLabel(self.tr("No open order waits on this machine"))

        layout = QGridLayout(self)
        layout.addWidget(self.header, 0, 0, 1, 2)
        layout.addWidget(_box(self.tr("Signals, last hour"), self.signals_plot), 1, 0, 2, 1)
        layout.addWidget(_box(self.tr("Downtime by reason, this shift"), self.pareto_plot,
                              self.pareto_empty), 1, 1)
        layout.addWidget(_box(self.tr("Orders at risk"), self.orders, self.orders_empty), 2, 1)
        layout.addWidget(_box(self.tr("States this shift"), self.timeline), 3, 0, 1, 2)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)
        layout.setRowStretch(1, 1)
        layout.setRowStretch(2, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        model.dataChanged.connect(lambda *_: self._show_header())
        self._show_header()
        self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        with_orders = self._refreshes % ORDERS_EVERY == 0
        self._refreshes += 1
        store, key, now, zone = self.store, self.key, self._plant_now(), self._zone
        plan = self._plan() if with_orders else None
        self.background.run(lambda: load_detail(store, key, now, zone, with_orders, plan),
                            lambda data: self._show(data, with_orders),
                            lambda _: setattr(self, "_busy", False))

    def _show(self, data: DetailData, with_orders: bool) -> None:
        self._busy = False
        if not with_orders and self.data is not None:
            data.affected = self.data.affected
        self.data = data
        self._show_signals(data)
        self.timeline.set_events(data.events, *data.shift)
        self._show_pareto(data)
        if with_orders:
            self._show_orders(data)

    def _show_header(self) -> None:
        tile = self.model.tile(self.key)
        if tile is None:
            return
        colour = state_colour(tile.state).name()
        since = duration_text(self._plant_now() - tile.since) if tile.since else ""
        parts = [f"<b style='font-size:16px'>{_html(tile.name)}</b> ({_html(tile.id)})",
                 f"<span style='background:{colour};color:white;padding:2px 6px'>&nbsp;"
                 f"{_html(state_word(tile.state))}&nbsp;</span>",
                 _html(self.tr("for {duration}").format(duration=since)) if since else ""]
        if tile.reason:
            parts.append(_html(tile.reason))
        if tile.work_order:
            parts.append(_html(self.tr("Work order {number}").format(number=tile.work_order)))
        if tile.customer:
            parts.append(_html(tile.customer))
        text = " &nbsp;·&nbsp; ".join(p for p in parts if p)
        if text != self.header.text():
            self.header.setText(text)

    def _show_signals(self, data: DetailData) -> None:
        for number, (name, values) in enumerate(sorted(data.signals.items())):
            curve = self.curves.get(name)
            if curve is None:
                colour = CURVE_COLOURS[number % len(CURVE_COLOURS)]
                curve = self.signals_plot.plot(name=name, pen=pg.mkPen(colour, width=1.5))
                curve.setDownsampling(auto=True, method="peak")
                curve.setClipToView(True)
                self.curves[name] = curve
            curve.setData(data.times, values, connect="finite")
        if self._follow_hour:
            end = self._plant_now().timestamp()
            self.signals_plot.setXRange(end - SIGNAL_WINDOW.total_seconds(), end, padding=0)

    def _stop_following(self, *_changed: object) -> None:
        self._follow_hour = False

    def _show_pareto(self, data: DetailData) -> None:
        bars = data.pareto[:8]
        self.pareto_empty.setVisible(not bars)
        self.pareto_plot.setVisible(bool(bars))
        self.pareto_bars.setOpts(x=list(range(len(bars))),
                                 height=[b.value / 60 for b in bars], width=0.6)
        axis = self.pareto_plot.getAxis("bottom")
        axis.setTicks([[(i, _short(b.label)) for i, b in enumerate(bars)]])

    def _show_orders(self, data: DetailData) -> None:
        self.orders_empty.setVisible(not data.affected)
        self.orders.setVisible(bool(data.affected))
        self.orders.setRowCount(len(data.affected))
        for row, order in enumerate(data.affected):
            cells = (order.order_number, order.customer_name,
                     self.tr("yes") if order.key_account else "",
                     order.promised_date.isoformat() if order.promised_date else "",
                     ", ".join(order.work_order_ids))
            for column, text in enumerate(cells):
                item = self.orders.item(row, column)
                if item is None:
                    self.orders.setItem(row, column, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)

    def done(self, result: int) -> None:
        self.timer.stop()
        super().done(result)


def _box(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
