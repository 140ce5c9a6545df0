"""The status bar's "Sync now" button."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from widgets.common.engine_control import EngineControl


class SyncNowButton(QPushButton):
    def __init__(self, engine: EngineControl | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Sync now"))
        self.setObjectName("syncNow")
        self._engine = engine
        if engine is None:
            # Offline use: there is nothing to sync from, and the button says why.
            self.setEnabled(False)
            self.setToolTip(self.tr("No sources configured: showing the cache as it is"))
        elif getattr(engine, "reloads_only", False):
            # A desk of a shared cache: the sync agent reads the sources for every desk.
            self.setText(self.tr("Reload"))
            self.setToolTip(self.tr("Read the shared cache again: the sync agent reads the "
                                    "sources for every desk"))
        else:
            self.setToolTip(self.tr("Read every feed from every source now"))
        self.clicked.connect(self.sync_now)

    def sync_now(self) -> None:
        if self._engine is not None:
            self._engine.sync_now()
