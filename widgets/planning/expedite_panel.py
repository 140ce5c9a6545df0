"""Expedite: a plant manager raises a work order's priority. Before sending, the console shows
which order lines would finish earlier and which later; the change goes to the MES through the
outbox, and the plan counts it at once (pending actions are part of the demand)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.analytics.schedule import ExpediteEffect, LineShift
from app.sync import actions
from widgets.common.plan_service import PlanResult, PlanService
from widgets.common.queued_actions import QueuedActions
from widgets.common.table_export import export_button
from widgets.planning.plan_text import day_text
from widgets.planning.planning_choices import PlanningChoices
from widgets.planning.work_order_rows import WorkOrderModel, WorkOrderRow, work_order_rows


class ExpeditePanel(QWidget):
    previewed = Signal(object)  # ExpediteEffect shown
    sent = Signal(object)  # PendingAction queued

    def __init__(self, service: PlanService, queued: QueuedActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.queued = queued
        self.result: PlanResult | None = None
        self.choices = PlanningChoices()
        self.effect: ExpediteEffect | None = None
        self.model = WorkOrderModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_selected)

        self.selected_label = QLabel(self.tr("Choose a work order to expedite."))
        self.selected_label.setWordWrap(True)
        self.priority_box = QComboBox()
        for level in range(1, 6):
            self.priority_box.addItem(self.tr("Priority {level}").format(level=level), level)
        self.priority_box.currentIndexChanged.connect(self._clear_effect)
        self.preview_button = QPushButton(self.tr("Show the effect"))
        self.preview_button.clicked.connect(self.preview)
        self.send_button = QPushButton(self.tr("Send to the MES"))
        self.send_button.clicked.connect(self.send)
        self.effect_label = QLabel()
        self.effect_label.setWordWrap(True)
        self.gains = QListWidget()
        self.losses = QListWidget()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        controls = QHBoxLayout()
        controls.addWidget(self.priority_box)
        controls.addWidget(self.preview_button)
        controls.addWidget(self.send_button)
        controls.addStretch(1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        self.export = export_button(self, lambda: self.table, "work-orders")
        side_layout.addWidget(self.selected_label)
        side_layout.addLayout(controls)
        side_layout.addWidget(self.effect_label)
        side_layout.addWidget(QLabel(self.tr("Finish earlier")))
        side_layout.addWidget(self.gains, 1)
        side_layout.addWidget(QLabel(self.tr("Finish later")))
        side_layout.addWidget(self.losses, 1)
        side_layout.addWidget(self.status_label)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.export, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter()
        splitter.addWidget(table_box)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        service.expedite_ready.connect(self._on_effect)
        queued.changed.connect(self._show_status)
        self._clear_effect()

    def set_result(self, result: PlanResult, choices: PlanningChoices) -> None:
        current = self.current_row()
        self.result, self.choices = result, choices
        self.model.set_rows(work_order_rows(result))
        if current is not None:
            self.select(current.work_order.id)

    def current_row(self) -> WorkOrderRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def select(self, work_order_id: str) -> bool:
        row = self.model.row_of(work_order_id)
        if row < 0:
            return False
        self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        return True

    def _on_selected(self, *_args) -> None:
        row = self.current_row()
        self._clear_effect()
        if row is None:
            self.selected_label.setText(self.tr("Choose a work order to expedite."))
            return
        self.selected_label.setText(self.tr("{number}: {product}, priority {priority} now.")
                                    .format(number=row.work_order.number,
                                            product=row.work_order.product_id,
                                            priority=row.priority))
        self.priority_box.setCurrentIndex(max(row.priority - 2, 0))
        self.preview_button.setEnabled(True)

    def preview(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.effect_label.setText(self.tr("Planning…"))
        self.service.preview_expedite(row.work_order.id, self.priority_box.currentData())

    def _on_effect(self, effect: ExpediteEffect) -> None:
        row = self.current_row()
        if row is None or effect.work_order_id != row.work_order.id \
                or effect.priority != self.priority_box.currentData():
            return
        self.effect = effect
        self.gains.clear()
        self.losses.clear()
        self.gains.addItems([self._shift_text(s) for s in effect.gains])
        self.losses.addItems([self._shift_text(s) for s in effect.losses])
        if not effect.gains and not effect.losses:
            self.effect_label.setText(self.tr("No order line would finish on another day."))
        else:
            self.effect_label.setText(self.tr(
                "{gains} order line(s) would finish earlier, {losses} later.").format(
                gains=len(effect.gains), losses=len(effect.losses)))
        self.send_button.setEnabled(self.queued.available)
        self.previewed.emit(effect)

    def _shift_text(self, shift: LineShift) -> str:
        order = self.choices.orders.get(shift.line[0], shift.line[0])
        text = self.tr("{order} / {line}: {before} → {after}").format(
            order=order, line=shift.line[1],
            before=day_text(shift.before) if shift.before else "?",
            after=day_text(shift.after) if shift.after else "?")
        if shift.promised is not None:
            text += " " + self.tr("(promised {date})").format(date=day_text(shift.promised))
        return text

    def send(self) -> None:
        row = self.current_row()
        if row is None or self.effect is None or self.result is None \
                or self.result.mes_source is None:
            return
        wo = row.work_order
        priority = self.effect.priority
        action = actions.expedite(self.result.mes_source, wo.id, priority, wo.version)
        pending = self.queued.queue(action, self.tr("{number} to priority {priority}").format(
            number=wo.number, priority=priority))
        self.send_button.setEnabled(False)
        self.sent.emit(pending)
        self._show_status()

    def _show_status(self) -> None:
        texts = []
        for pending in self.queued.pending:
            if pending.target[0] != (self.result.mes_source if self.result else None):
                continue
            if pending.refused:
                texts.append(self.tr("{action}: refused by the MES: {reason}").format(
                    action=pending.text, reason=pending.reason))
            else:
                texts.append(self.tr("{action}: waiting to be sent").format(action=pending.text))
        self.status_label.setText("\n".join(texts))

    def _clear_effect(self, *_args) -> None:
        self.effect = None
        self.gains.clear()
        self.losses.clear()
        self.effect_label.setText("")
        self.send_button.setEnabled(False)
        self.preview_button.setEnabled(self.current_row() is not None)
