"""The selected lot's process context, compact: one small box per part."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.common.rule_texts import rule_text
from widgets.machines.machine_state import state_word
from widgets.traceability.trace_texts import TraceTexts, quantity_text, time_text

if TYPE_CHECKING:  # the process context brings in the SPC analytics: not at start-up
    from widgets.traceability.context_data import ProcessContext


class _Part(QGroupBox):
    """A titled table, or a line saying why there is none."""

    def __init__(self, title: str, headers: Sequence[str]) -> None:
        super().__init__(title)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_rows(self, rows: Sequence[Sequence[str]] | None, empty: str,
                  not_provided: str) -> None:
        if rows is None or not rows:
            self.note.setText(not_provided if rows is None else empty)
            self.note.show()
            self.table.hide()
            self.table.setRowCount(0)
            return
        self.note.hide()
        self.table.show()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()  # a handful of rows: fitting them is cheap


class ContextPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.made = QGroupBox(self.tr("Made"))
        form = QFormLayout(self.made)
        form.setContentsMargins(6, 6, 6, 6)
        self.lot_label = QLabel()
        self.work_order_label = QLabel()
        self.machine_label = QLabel()
        self.made_label = QLabel()
        self.window_label = QLabel()
        for label in (self.lot_label, self.work_order_label, self.machine_label,
                      self.made_label, self.window_label):
            label.setWordWrap(True)
        form.addRow(self.tr("Lot"), self.lot_label)
        form.addRow(self.tr("Work order"), self.work_order_label)
        form.addRow(self.tr("Machine"), self.machine_label)
        form.addRow(self.tr("Made"), self.made_label)
        form.addRow(self.tr("Window"), self.window_label)
        self.states = _Part(self.tr("Machine states around then"),
                            [self.tr("State"), self.tr("From"), self.tr("To"),
                             self.tr("Reason")])
        self.measurements = _Part(self.tr("Measurements"),
                                  [self.tr("Characteristic"), self.tr("Count"),
                                   self.tr("Mean"), self.tr("Range"),
                                   self.tr("Rule violations")])
        self.defects = _Part(self.tr("Defects"),
                             [self.tr("Code"), self.tr("Quantity"), self.tr("Recorded")])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.made, 2)
        layout.addWidget(self.states, 3)
        layout.addWidget(self.measurements, 4)
        layout.addWidget(self.defects, 2)
        self.clear()

    def clear(self) -> None:
        for label in (self.work_order_label, self.machine_label, self.made_label,
                      self.window_label):
            label.setText("")
        self.lot_label.setText(self.tr("Choose a lot in a trace."))
        for part in (self.states, self.measurements, self.defects):
            part.show_rows([], "", "")

    def show_loading(self, lot_number: str) -> None:
        self.lot_label.setText(self.tr("{lot} (reading…)").format(lot=lot_number))

    def show_context(self, lot_number: str, context: ProcessContext) -> None:
        missing = TraceTexts.not_provided()
        self.lot_label.setText(lot_number)
        self.work_order_label.setText(context.work_order or missing)
        self.machine_label.setText(context.machine or missing)
        self.made_label.setText(time_text(context.made_at))
        self.window_label.setText(f"{time_text(context.start)} – {time_text(context.end)}")
        states = None if context.states is None else [
            [state_word(s.state), time_text(s.start), time_text(s.end), s.reason]
            for s in context.states]
        self.states.show_rows(states, self.tr("No state changes of this machine in this "
                                              "window."), missing)
        measured = None if context.measurements is None else [
            [m.characteristic, str(m.count), f"{m.mean:.4g} {m.unit}".strip(),
             f"{m.low:.4g} – {m.high:.4g}",
             "; ".join(rule_text(rule) for rule in m.rules) or self.tr("none")]
            for m in context.measurements]
        self.measurements.show_rows(measured, self.tr("No measurements of this lot or its "
                                                      "work order."), missing)
        found = None if context.defects is None else [
            [d.code, quantity_text(d.quantity), time_text(d.recorded_at)]
            for d in context.defects]
        self.defects.show_rows(found, self.tr("No defects recorded for this lot."), missing)
