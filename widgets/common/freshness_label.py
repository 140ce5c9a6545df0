"""A view header's "Data as of 14:32 (3 min ago)": the oldest last successful read of the view's
feeds, marked stale when the data has aged; its tooltip lists each feed's own last read. While a
feed of the view is in its first read it says how far that got instead."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app.sync.bridge import SyncBridge
from app.sync.health import FirstRead
from widgets.common.freshness_text import (
    first_reads_text,
    first_reads_tooltip,
    freshness_text,
    freshness_tooltip,
    stale_after,
)

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
        bridge.health_changed.connect(lambda *_: self.refresh())  # first reads get on
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
        reading = self._first_reads()
        if reading:
            stale = False
            text, tip = first_reads_text(reading), first_reads_tooltip(reading)
        else:
            synced_at = self._bridge.last_synced(set(self._feeds))
            stale = synced_at is not None and any(
                self._too_old(feed, now) for feed in self._feeds)
            text = freshness_text(synced_at, now, stale)
            tip = freshness_tooltip(stale, self._reads(), now)
        if text != self.text():
            self.setText(text)
        if tip != self.toolTip():
            self.setToolTip(tip)
        if stale != self._stale:
            self._stale = stale
            # The style sheet colours [stale="true"]; Qt only re-reads it on a re-polish.
            self.setProperty("stale", stale)
            self.style().unpolish(self)
            self.style().polish(self)

    def _served(self) -> frozenset[str]:
        """The view's feeds, those no configured source serves left out (they do not hold
        the header's time back either)."""
        served = self._bridge.served()
        return self._feeds if served is None else self._feeds & served

    def _reads(self) -> list[tuple[str, datetime | None]]:
        """Each feed's own last read."""
        return [(feed, self._bridge.last_synced({feed})) for feed in self._served()]

    def _first_reads(self) -> list[FirstRead]:
        """The view's feeds not read to their end yet: until they are, its data is partial."""
        feeds = self._served()
        return [read for feed, read in self._bridge.first_reads().items() if feed in feeds]

    def _too_old(self, feed: str, now: datetime) -> bool:
        at = self._bridge.last_synced({feed})
        return at is not None and now - at > self._stale_limit(feed)
