"""The filters above the complaints: status, severity, customer and a text search."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.domain import ComplaintStatus, Severity
from widgets.common.choice_combo import add_captioned, emit_on_change, refill
from widgets.complaints.complaint_text import severity_word, status_word

SEARCH_WIDTH = 260


class ComplaintFilters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QComboBox()
        self.status.addItem(self.tr("All statuses"), None)
        for status in ComplaintStatus:
            self.status.addItem(status_word(status), status)
        self.severity = QComboBox()
        self.severity.addItem(self.tr("All severities"), None)
        for severity in (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW):
            self.severity.addItem(severity_word(severity), severity)
        self.customer = QComboBox()
        self.customer.addItem(self.tr("All customers"), None)
        self.customer.setMinimumContentsLength(16)
        self.customer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search number, customer, order, lot…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(SEARCH_WIDTH)
        self.count = QLabel()
        self.count.setObjectName("complaintCount")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        add_captioned(layout, ((self.tr("Status"), self.status),
                               (self.tr("Severity"), self.severity),
                               (self.tr("Customer"), self.customer)))
        layout.addWidget(self.search, 1)
        layout.addStretch(1)
        layout.addWidget(self.count)

        emit_on_change(self.changed, (self.status, self.severity, self.customer), self.search)

    def values(self) -> dict[str, Any]:
        return {"status": self.status.currentData(), "severity": self.severity.currentData(),
                "customer": self.customer.currentData(), "search": self.search.text()}

    def set_customers(self, names: list[str]) -> None:
        if refill(self.customer, names, self.tr("All customers")):
            self.changed.emit()  # the chosen customer is gone: show everyone again

    def update_count(self, shown: int, total: int) -> None:
        self.count.setText(self.tr("{shown} of {total} complaints").format(
            shown=shown, total=total))
