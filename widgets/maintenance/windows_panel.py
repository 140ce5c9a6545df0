"""The Windows tab: suggested maintenance windows for the selected machine, the order lines
each would delay, the maintenance already planned, and "Plan this window"."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.analytics.maintenance.effect import LineDelay
from widgets.common.date_text import day_text, moment_text
from widgets.maintenance.window_jobs import MachineWindows, SuggestedWindow


class WindowsPanel(QWidget):
    plan_requested = Signal(object)  # SuggestedWindow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.windows: MachineWindows | None = None
        self._available = False  # an engine to send through (None offline)
        self.customers: dict[str, str] = {}
        self.queued: set[tuple[str, object]] = set()  # (machine, start) already asked for
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([
            self.tr("Window"), self.tr("Planned work in it (h)"),
            self.tr("Order lines delayed"), self.tr("Made late")])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_delays)
        self.delays = QListWidget()
        self.delays.setWordWrap(True)
        self.planned = QLabel()
        self.planned.setWordWrap(True)
        self.plan_button = QPushButton(self.tr("Plan this window"))
        self.plan_button.setEnabled(False)
        self.plan_button.clicked.connect(self._plan)
        self.status = QLabel()
        self.status.setWordWrap(True)

        # A handful of windows: the table keeps to their height, the button right under them.
        self.table.setMaximumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 5 * self.table.verticalHeader().defaultSectionSize())
        left = QVBoxLayout()
        left.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.status, 1)
        left.addLayout(buttons)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Order lines this window would delay")))
        right.addWidget(self.delays, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.planned)
        layout.addLayout(columns, 1)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)

    def show_windows(self, windows: MachineWindows | None, customers: dict[str, str]) -> None:
        self.windows, self.customers = windows, customers
        self.table.setRowCount(0)
        self.delays.clear()
        if windows is None:
            self.planned.setText("")
            self._enable()
            return
        self.table.setRowCount(len(windows.suggestions))
        for row, suggestion in enumerate(windows.suggestions):
            w = suggestion.choice.window
            effect = suggestion.effect
            made_late = sum(d.made_late for d in effect.delays)
            cells = [self.tr("{start} – {end}").format(start=moment_text(w.start),
                                                       end=_end_text(w.start, w.end)),
                     f"{suggestion.choice.load_hours:.1f}", str(len(effect.delays)),
                     str(made_late)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if windows.planned:
            self.planned.setText(self.tr("Already planned: {windows}").format(
                windows="; ".join(self.tr("{start} – {end} ({reason})").format(
                    start=moment_text(w.start), end=moment_text(w.end), reason=w.reason)
                    for w in windows.planned[:2])))
        else:
            self.planned.setText(self.tr("No maintenance planned for this machine."))
        if windows.suggestions:
            self.table.selectRow(0)
        self._enable()

    def current(self) -> SuggestedWindow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.windows is None:
            return None
        return self.windows.suggestions[rows[0].row()]

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self._enable()

    def can_send(self, available: bool) -> None:
        self._available = available
        self._enable()

    def _enable(self) -> None:
        current = self.current()
        asked = current is not None and (current.choice.window.machine_id,
                                         current.choice.window.start) in self.queued
        self.plan_button.setEnabled(self._available
                                    and current is not None and not asked
                                    and self.windows is not None
                                    and self.windows.calendar_id is not None)

    def _plan(self) -> None:
        current = self.current()
        if current is None:
            return
        self.queued.add((current.choice.window.machine_id, current.choice.window.start))
        self._enable()  # once: a second click would be a second window
        self.plan_requested.emit(current)

    def _show_delays(self) -> None:
        self.delays.clear()
        current = self.current()
        self._enable()
        if current is None:
            return
        if not current.effect.delays:
            self.delays.addItem(self.tr("None: the plan keeps every date."))
        plan = current.effect.plan
        for delay in current.effect.delays[:200]:
            after = day_text(plan.local_date(delay.after)) if delay.after else "?"
            self.delays.addItem(self._delay_text(delay, after))

    def _delay_text(self, delay: LineDelay, after: str) -> str:
        customer = self.customers.get(delay.customer_id, delay.customer_id)
        text = self.tr("{order} / {line} ({customer}): {hours:.1f} h later, done {after}").format(
            order=delay.order_number, line=delay.line[1], customer=customer,
            hours=delay.hours, after=after)
        if delay.made_late and delay.promised is not None:
            text += " " + self.tr("— late for {promised}").format(
                promised=day_text(delay.promised))
        return text


def _end_text(start: datetime, end: datetime) -> str:
    """The end's clock time alone when it is on the start's (local) day."""
    if start.astimezone().date() == end.astimezone().date():
        return end.astimezone().strftime("%H:%M")
    return moment_text(end)
