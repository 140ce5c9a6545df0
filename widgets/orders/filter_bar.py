"""The filters above the order lines: customer, status, risk, a search, how many are shown, and
the way to the linking rules."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.analytics.order_risk import RiskLevel
from app.domain import OrderStatus
from widgets.common.choice_combo import add_captioned, emit_on_change, refill
from widgets.common.pending_view import count_text
from widgets.orders.order_texts import risk_word, status_word

SEARCH_WIDTH = 240


class OrderFilters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer = QComboBox()
        self.customer.addItem(self.tr("All customers"), None)
        self.customer.setMinimumContentsLength(16)
        self.customer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status = QComboBox()
        self.status.addItem(self.tr("All statuses"), None)
        for status in OrderStatus:
            self.status.addItem(status_word(status), status)
        self.risk = QComboBox()
        self.risk.addItem(self.tr("Any risk"), None)
        for level in RiskLevel:
            self.risk.addItem(risk_word(level), level)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search order, customer or PO…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(SEARCH_WIDTH)
        self.count = QLabel()
        self.count.setObjectName("orderCount")
        self.rules_button = QPushButton(self.tr("Linking rules…"))
        self.rules_button.setToolTip(self.tr(
            "How order lines are matched to work orders when the MES gives no links"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        add_captioned(layout, ((self.tr("Customer"), self.customer),
                               (self.tr("Status"), self.status), (self.tr("Risk"), self.risk)))
        layout.addWidget(self.search, 1)
        layout.addStretch(1)
        layout.addWidget(self.count)
        layout.addSpacing(8)
        layout.addWidget(self.rules_button)

        emit_on_change(self.changed, (self.customer, self.status, self.risk), self.search)

    def values(self) -> dict[str, Any]:
        return {"customer": self.customer.currentData(), "status": self.status.currentData(),
                "risk": self.risk.currentData(), "search": self.search.text()}

    def clear(self) -> None:
        for combo in (self.customer, self.status, self.risk):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.changed.emit()

    def set_customers(self, names: list[str]) -> None:
        if refill(self.customer, names, self.tr("All customers")):
            self.changed.emit()  # the chosen customer is gone: show everyone again

    def update_count(self, shown: int, total: int) -> None:
        self.count.setText(self.tr("{shown} of {total} lines").format(
            shown=count_text(shown), total=count_text(total)))
