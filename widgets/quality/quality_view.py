"""The Quality view: for now only its empty state.

It will show control charts with rule violations, Cp/Cpk and defect Pareto.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.common.empty_state import EmptyState


class QualityView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Honest about why there is nothing here: the cache is empty, not the plant.
        self.empty_state = EmptyState(
            self.tr("No measurements cached yet"),
            self.tr(
                "Control charts, capability and the defect Pareto appear here once the "
                "sync engine has read measurements from the MES."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_state)
