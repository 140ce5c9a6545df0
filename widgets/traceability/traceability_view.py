"""The Traceability view: for now only its empty state.

It will show backward and forward lot traces down to shipments and customers.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.common.empty_state import EmptyState


class TraceabilityView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Honest about why there is nothing here: the cache is empty, not the plant.
        self.empty_state = EmptyState(
            self.tr("No lots cached yet"),
            self.tr(
                "Backward and forward traces appear here once the sync engine has read "
                "lots and their genealogy from the MES."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_state)
