"""The status bar's outbox indicator: hidden when nothing waits, a warning when refused."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from app.cache.outbox import OutboxItem, OutboxState
from app.sync.bridge import SyncBridge
from widgets.common.engine_control import EngineControl
from widgets.outbox.outbox_dialog import OutboxDialog
from widgets.outbox.outbox_text import WAITING, DisplayId, done_today, indicator_text, raw_id


class OutboxIndicator(QPushButton):
    # An OutboxItem the source has just refused (it was waiting before): tell its maker.
    refused = Signal(object)

    def __init__(
        self,
        bridge: SyncBridge,
        engine: EngineControl | None,
        display_id: DisplayId = raw_id,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outboxIndicator")
        self.setFlat(True)
        self.setProperty("warning", False)
        self.setToolTip(self.tr("Open the outbox: your changes that are not sent yet"))
        self._engine = engine
        self._display_id = display_id
        self.items: list[OutboxItem] = []
        self._states: dict[int, OutboxState] = {}
        self.dialog: OutboxDialog | None = None
        self.hide()
        bridge.outbox_changed.connect(self.set_items)
        self.clicked.connect(lambda: self.open_dialog())

    def set_items(self, items: list[OutboxItem]) -> None:
        self.items = list(items)
        text, warning = indicator_text(self.items)
        if not text and (done := len(done_today(self.items))):
            # Nothing waits: what went today stays one click away (the outbox's done list).
            text = self.tr("%n action(s) sent today", "", done)
        self.setText(text)
        self.setVisible(bool(text))
        if warning != self.property("warning"):
            # The style sheet styles [warning="true"]; Qt only re-reads it on a re-polish.
            self.setProperty("warning", warning)
            self.style().unpolish(self)
            self.style().polish(self)
        if self.dialog is not None:
            self.dialog.set_items(self.items)
        # Only a change from waiting to refused is news; an action refused in an earlier
        # session is already counted by the indicator.
        for item in self.items:
            if item.state == OutboxState.PARKED and self._states.get(item.id) in WAITING:
                self.refused.emit(item)
        self._states = {item.id: item.state for item in self.items}

    def open_dialog(self, item_id: int | None = None) -> OutboxDialog:
        if self.dialog is None:
            self.dialog = OutboxDialog(self._engine, self._display_id, self.window())
        self.dialog.set_items(self.items)
        if item_id is not None:
            self.dialog.select_item(item_id)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

