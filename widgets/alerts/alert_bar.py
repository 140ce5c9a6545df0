"""The bar across the top of the window: the most urgent unacknowledged alarm in one sentence,
how many alarms need attention, and buttons to see them all or acknowledge this one. Hidden
while no alarm needs attention (shelved ones do not count)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from widgets.alerts.alert_center import AlertCenter
from widgets.alerts.alert_text import sentence
from widgets.common.elided_label import ElidedLabel


class AlertBar(QFrame):
    opened = Signal(object)  # the alarm list, when first made (the window wires its opening)

    def __init__(self, center: AlertCenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBar")
        self.center = center
        self.dialog = None
        # Vermillion edge and a word ("Alert"), as the status bar marks "down".
        self.setStyleSheet(
            "QFrame#alertBar { background: #fbe3d3; border-bottom: 1px solid #e3a27a;"
            " border-left: 6px solid #D55E00; }"
            "QLabel#alertTag { color: #8a3300; font-weight: bold; }"
            "QLabel#alertMessage { color: #1b2631; }")
        self.tag = QLabel(self.tr("Alert"))
        self.tag.setObjectName("alertTag")
        self.message = ElidedLabel()
        self.message.setObjectName("alertMessage")
        self.show_all_button = QPushButton()
        self.show_all_button.setObjectName("alertShowAll")
        self.show_all_button.clicked.connect(self.open_list)
        self.dismiss_button = QPushButton(self.tr("Acknowledge"))
        self.dismiss_button.setObjectName("alertDismiss")
        self.dismiss_button.clicked.connect(self._dismiss_shown)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(12)
        layout.addWidget(self.tag)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.show_all_button)
        layout.addWidget(self.dismiss_button)
        self._shown: str | None = None
        center.changed.connect(self.refresh)
        self.refresh()

    def shown_key(self) -> str | None:
        return self._shown

    def refresh(self) -> None:
        count = self.center.open_count()
        if count == 0:
            self._shown = None
            self.hide()
            return
        newest = self.center.newest()
        self._shown = newest.key if newest is not None else None
        text = (sentence(newest) if newest is not None
                else self.tr("Every alarm is acknowledged; {count} still active").format(
                    count=count))
        self.message.setText(text)
        self.message.setToolTip(text)
        self.dismiss_button.setVisible(newest is not None)
        self.show_all_button.setText(self.tr("Alarms ({count})").format(count=count))
        self.show()

    def _dismiss_shown(self) -> None:
        if self._shown is not None:
            self.center.dismiss(self._shown)

    def open_list(self) -> None:
        from widgets.alerts.alert_list import AlertList

        if self.dialog is None:
            self.dialog = AlertList(self.center, self.window())
            self.opened.emit(self.dialog)
        self.dialog.show()
        self.dialog.raise_()
