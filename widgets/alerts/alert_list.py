"""Every open alert with the orders and customers it touches (key accounts first); dismiss
one or all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.alerts.alert_center import AlertCenter
from widgets.alerts.alert_text import headline, impact_text, order_line

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class AlertList(QDialog):
    def __init__(self, center: AlertCenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertList")
        self.setWindowTitle(self.tr("Open alerts"))
        self.resize(720, 460)
        self.center = center
        self.tree = QTreeWidget()
        self.tree.setObjectName("alertTree")
        self.tree.setHeaderHidden(True)
        self.empty = QLabel(self.tr("No open alerts"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_all_button = QPushButton(self.tr("Dismiss all"))
        buttons.addButton(self.dismiss_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.dismiss_all_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.dismiss_button.clicked.connect(self._dismiss_selected)
        self.dismiss_all_button.clicked.connect(center.dismiss_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)
        center.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        alerts = self.center.open_alerts()
        self.tree.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for alert in alerts:
            top = QTreeWidgetItem([f"{headline(alert)} — {impact_text(alert)}"])
            top.setFont(0, bold)
            top.setData(0, KEY_ROLE, alert.key)
            for order in alert.affected_by_importance():
                child = QTreeWidgetItem([order_line(order)])
                child.setData(0, KEY_ROLE, alert.key)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        self.tree.setVisible(bool(alerts))
        self.empty.setVisible(not alerts)
        self.dismiss_button.setEnabled(bool(alerts))
        self.dismiss_all_button.setEnabled(bool(alerts))
        if alerts:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _dismiss_selected(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.center.dismiss(item.data(0, KEY_ROLE))
