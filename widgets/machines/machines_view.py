"""The Machines view: for now only its empty state.

It will show live machine state, OEE and the current job.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.common.empty_state import EmptyState


class MachinesView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Honest about why there is nothing here: the cache is empty, not the plant.
        self.empty_state = EmptyState(
            self.tr("No machine data yet"),
            self.tr(
                "Machine states, OEE and current work orders appear here once the sync "
                "engine has read them from the MES."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_state)
