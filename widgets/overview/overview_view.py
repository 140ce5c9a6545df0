"""The Overview view: for now only its empty state.

It will show KPIs with trends and the demand forecast against capacity.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.common.empty_state import EmptyState


class OverviewView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Honest about why there is nothing here: the cache is empty, not the plant.
        self.empty_state = EmptyState(
            self.tr("No figures yet"),
            self.tr(
                "On-time delivery, OEE and complaint counts appear here once the sync "
                "engine has filled the local cache. Nothing has been synced yet."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_state)
