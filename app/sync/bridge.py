"""The one place where the sync layer talks to Qt: signals the widgets connect to.

Only QtCore is used here, so `app` stays importable without a display.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.sync.health import SourceHealth


class SyncBridge(QObject):
    # A SourceHealth, each time a source's health changes or is re-checked.
    health_changed = Signal(object)
    # kinds and ids that changed in the cache: dict[str, list[str]]
    cache_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._health: dict[str, SourceHealth] = {}

    def publish_health(self, health: SourceHealth) -> None:
        self._health[health.source] = health
        self.health_changed.emit(health)

    def health(self) -> list[SourceHealth]:
        """The latest health of every source heard of, in the order they were first heard."""
        return list(self._health.values())
