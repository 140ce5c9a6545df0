"""A view header's "Data as of 14:32 (3 min ago)", marked stale when the data has aged."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app.sync.bridge import SyncBridge
from widgets.common.freshness_text import freshness_text, freshness_tooltip, stale_after

Clock = Callable[[], datetime]

REFRESH_MS = 5000  # ages are shown to the minute; every few seconds is plenty


class FreshnessLabel(QLabel):
    """Fed by bridge.feed_synced; shows the oldest sync time of the feeds it is given."""

    def __init__(
        self,
        bridge: SyncBridge,
        clock: Clock,
        feeds: Iterable[str] = (),
        stale_limit: Callable[[str], timedelta] = stale_after,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("freshness")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._bridge = bridge
        self._clock = clock
        self._stale_limit = stale_limit
        self._feeds: frozenset[str] = frozenset(feeds)
        self._stale = False
        self.setProperty("stale", False)
        bridge.feed_synced.connect(lambda *_: self.refresh())
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start()
        self.refresh()

    def feeds(self) -> frozenset[str]:
        return self._feeds

    def set_feeds(self, feeds: Iterable[str]) -> None:
        self._feeds = frozenset(feeds)
        self.refresh()

    def is_stale(self) -> bool:
        return self._stale

    def refresh(self) -> None:
        if not self._feeds:
            self.clear()
            return
        now = self._clock()
        synced_at = self._bridge.last_synced(set(self._feeds))
        stale = synced_at is not None and any(
            self._too_old(feed, now) for feed in self._feeds)
        text = freshness_text(synced_at, now, stale)
        if text != self.text():
            self.setText(text)
        if stale != self._stale or not self.toolTip():
            self._stale = stale
            self.setToolTip(freshness_tooltip(stale))
            # The style sheet colours [stale="true"]; Qt only re-reads it on a re-polish.
            self.setProperty("stale", stale)
            self.style().unpolish(self)
            self.style().polish(self)

    def _too_old(self, feed: str, now: datetime) -> bool:
        at = self._bridge.last_synced({feed})
        return at is not None and now - at > self._stale_limit(feed)
