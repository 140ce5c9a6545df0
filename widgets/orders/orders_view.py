"""The Orders view: for now only its empty state.

It will show order progress, predicted completion against the promised date, and risk.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.common.empty_state import EmptyState


class OrdersView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Honest about why there is nothing here: the cache is empty, not the plant.
        self.empty_state = EmptyState(
            self.tr("No orders cached yet"),
            self.tr(
                "Orders appear here once the sync engine has read them from the CRM."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_state)
