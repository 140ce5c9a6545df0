"""The Outbox dialog: the actions not yet delivered, with Retry and Drop for refused ones."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cache.outbox import OutboxItem, OutboxState
from widgets.common.engine_control import EngineControl, start_task
from widgets.common.table_export import export_button
from widgets.outbox.outbox_model import Column, OutboxModel
from widgets.outbox.outbox_text import DisplayId, describe, raw_id

DIALOG_SIZE = (900, 360)


class OutboxDialog(QDialog):
    def __init__(
        self,
        engine: EngineControl | None,
        display_id: DisplayId = raw_id,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outboxDialog")
        self.setWindowTitle(self.tr("Outbox"))
        self.resize(*DIALOG_SIZE)
        self._engine = engine
        self._display_id = display_id
        # Asks before a person's action is thrown away; tests replace it.
        self.confirm_drop: Callable[[str], bool] = self._ask_drop

        intro = QLabel(self.tr(
            "Changes you made are kept here until their source accepts them. A refused change "
            "waits for you: retry it (for example once the record is up to date) or drop it."))
        intro.setWordWrap(True)
        self.model = OutboxModel(display_id, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.REASON, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("Nothing is waiting to be sent."))
        self.empty_label.setObjectName("outboxEmpty")
        # What was delivered today, with what each source answered (the order a quote made).
        self.done_title = QLabel()
        self.done_title.setObjectName("outboxDoneTitle")
        self.done_model = OutboxModel(display_id, self, done=True)
        self.done_table = QTableView()
        self.done_table.setObjectName("outboxDone")
        self.done_table.setModel(self.done_model)
        self.done_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.done_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.done_table.verticalHeader().hide()
        done_header = self.done_table.horizontalHeader()
        done_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        done_header.setSectionResizeMode(Column.REASON, QHeaderView.ResizeMode.Stretch)
        for column in (Column.STATE, Column.ATTEMPTS):
            self.done_table.hideColumn(column)

        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setToolTip(self.tr("Send the refused change again"))
        self.drop_button = QPushButton(self.tr("Drop"))
        self.drop_button.setToolTip(self.tr("Give up this change; the source keeps its data"))
        self.retry_button.clicked.connect(self._retry)
        self.drop_button.clicked.connect(self._drop)
        # Our own Close, not a standard button: its word then comes from our catalogue, which
        # always has it, rather than from Qt's, which may be missing.
        closing = QPushButton(self.tr("Close"))
        closing.clicked.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.drop_button)
        buttons.addStretch(1)
        self.export = export_button(self, lambda: self.table, "outbox")
        buttons.addWidget(self.export)
        buttons.addWidget(closing)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_table, 1)
        layout.addLayout(buttons)

        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def set_items(self, items: list[OutboxItem]) -> None:
        selected = self.selected_item()
        self.model.set_items(items)
        # Keep the person's selection across updates, which arrive while they read.
        for row in range(self.model.rowCount()):
            if selected is not None and self.model.item(row).id == selected.id:
                self.table.selectRow(row)
                break
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self.done_model.set_items(items)
        done = self.done_model.rowCount()
        self.done_title.setText(self.tr("Done today: %n action(s) the source accepted", "",
                                        done) if done else self.tr("Nothing sent today yet."))
        self.done_table.setVisible(done > 0)

    def select_item(self, item_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.item(row).id == item_id:
                self.table.selectRow(row)
                return

    def selected_item(self) -> OutboxItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        item = self.selected_item()
        refused = item is not None and item.state == OutboxState.PARKED
        for button in (self.retry_button, self.drop_button):
            button.setEnabled(refused and self._engine is not None)

    def _retry(self) -> None:
        item = self.selected_item()
        if item is None or self._engine is None:
            return
        start_task(self._engine.outbox.retry(item.id), f"retrying outbox item {item.id}",
                   self._failed)

    def _drop(self) -> None:
        item = self.selected_item()
        if item is None or self._engine is None:
            return
        if not self.confirm_drop(describe(item, self._display_id)):
            return
        start_task(self._engine.outbox.drop(item.id), f"dropping outbox item {item.id}",
                   self._failed)

    def _ask_drop(self, what: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Drop this change?"),
            self.tr("“{what}” will not be sent. The source keeps its data as it is.").format(
                what=what))
        return answer == QMessageBox.StandardButton.Yes

    def _failed(self, error: BaseException) -> None:
        # open(), not exec(): no nested event loop inside an asyncio callback.
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Outbox"),
                          self.tr("That did not work: {error}").format(error=error),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
