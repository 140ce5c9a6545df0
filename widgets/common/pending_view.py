"""A view whose table is not built yet: its empty state says what the cache already holds.

Subclasses give their texts through methods defined in their own class, so each `self.tr` call
carries the subclass's context, the one lupdate records.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState
from widgets.common.feed_names import feed_name


def count_text(count: int) -> str:
    # Digit grouping with a comma reads right in both English and Traditional Chinese.
    return f"{count:,}"


class PendingView(QWidget):
    FEEDS: tuple[str, ...] = ()  # the feeds this view shows, its main one first

    def __init__(self, counts: CacheCounts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = counts
        self.empty_state = EmptyState(self.empty_title(), self.empty_explanation())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_state)
        counts.changed.connect(self.refresh)
        self.refresh()

    # -- texts, in the subclass's own translation context ----------------------------------
    def empty_title(self) -> str:
        raise NotImplementedError

    def empty_explanation(self) -> str:
        raise NotImplementedError

    def cached_title(self, count: str) -> str:
        """E.g. "Orders cached: 1,234", for the main feed's count (already formatted)."""
        raise NotImplementedError

    def arrives_text(self) -> str:
        """Why there is no table yet, e.g. "This view's table arrives with the Orders view.\""""
        raise NotImplementedError

    # -- keeping up with the cache ---------------------------------------------------------
    def refresh(self) -> None:
        if self.counts.total(self.FEEDS) == 0:
            # Honest about why there is nothing here: the cache is empty, not the plant.
            self.empty_state.set_texts(self.empty_title(), self.empty_explanation())
            return
        per_feed = " · ".join(
            QCoreApplication.translate("PendingView", "{feed}: {count}").format(
                feed=feed_name(feed), count=count_text(self.counts.records(feed)))
            for feed in self.FEEDS)
        self.empty_state.set_texts(
            self.cached_title(count_text(self.counts.records(self.FEEDS[0]))),
            f"{self.arrives_text()}\n{per_feed}",
        )
