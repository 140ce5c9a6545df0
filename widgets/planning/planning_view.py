"""The Planning view: for now only its empty state.

It will show capacity load and capable-to-promise delivery dates.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.common.empty_state import EmptyState


class PlanningView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Honest about why there is nothing here: the cache is empty, not the plant.
        self.empty_state = EmptyState(
            self.tr("No work orders cached yet"),
            self.tr(
                "Capacity load and delivery-date checks appear here once the sync engine "
                "has read work orders and calendars from the MES."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_state)
