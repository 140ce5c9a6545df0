"""The status bar's source indicators, fed only by SyncBridge.health_changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.sync.bridge import SyncBridge
from app.sync.health import SourceHealth
from widgets.common.elided_label import ElidedLabel
from widgets.common.freshness_text import first_reads_text
from widgets.status.health_dot import HealthDot
from widgets.status.health_text import (
    ago_text,
    health_error_text,
    recent_notice_text,
    state_word,
    tooltip_text,
)

Clock = Callable[[], datetime]

REFRESH_MS = 1000
ERROR_MAX_WIDTH = 260  # the bar holds several sources; the tooltip has the whole error
READING_MAX_WIDTH = 320  # likewise, the tooltip lists every feed still in its first read


def utc_now() -> datetime:
    return datetime.now(UTC)


def _set_text_if_changed(label: QLabel, text: str) -> None:
    # Re-setting identical text still relayouts the status bar; skipping it avoids flicker.
    if label.text() != text:
        label.setText(text)


class SourceHealthIndicator(QWidget):
    """Dot, source name, state word and "last success … ago" for one source."""

    def __init__(self, health: SourceHealth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceHealthIndicator")
        self.dot = HealthDot()
        self.name_label = QLabel(health.source)
        self.name_label.setObjectName("sourceName")
        self.state_label = QLabel()
        self.state_label.setObjectName("sourceState")
        self.ago_label = QLabel()
        self.ago_label.setObjectName("sourceAgo")
        # What is wrong, while something is: a person should not need the tooltip to know.
        self.error_label = ElidedLabel()
        self.error_label.setObjectName("sourceError")
        self.error_label.setMaximumWidth(ERROR_MAX_WIDTH)
        self.error_label.hide()
        # Feeds not read to their end yet: "degraded" alone does not say the data is partial.
        self.reading_label = ElidedLabel()
        self.reading_label.setObjectName("sourceReading")
        self.reading_label.setMaximumWidth(READING_MAX_WIDTH)
        self.reading_label.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(6)
        for widget in (self.dot, self.name_label, self.state_label, self.error_label,
                       self.reading_label, self.ago_label):
            layout.addWidget(widget)
        self._health = health

    @property
    def health(self) -> SourceHealth:
        return self._health

    def set_health(self, health: SourceHealth, now: datetime) -> None:
        self._health = health
        self.dot.set_state(health.state)
        _set_text_if_changed(self.state_label, state_word(health.state))
        # An error first; else what the source did lately that a person should know.
        error = health_error_text(health) or recent_notice_text(health, now)
        _set_text_if_changed(self.error_label,
                             self.tr("({error})").format(error=error) if error else "")
        self.error_label.setVisible(bool(error))
        reading = first_reads_text(health.first_reads)
        _set_text_if_changed(self.reading_label, f"· {reading}" if reading else "")
        self.reading_label.setVisible(bool(reading))
        tip = tooltip_text(health)
        if self.toolTip() != tip:
            self.setToolTip(tip)
        self.refresh_ago(now)

    def refresh_ago(self, now: datetime) -> None:
        text = "· " + ago_text(self._health.last_success, now)
        _set_text_if_changed(self.ago_label, text)
        self.setAccessibleName(" ".join(
            label.text() for label in (self.name_label, self.state_label, self.error_label,
                                       self.reading_label, self.ago_label) if label.text()))


class SourceHealthBar(QWidget):
    """One indicator per source heard from the bridge, in the order first heard."""

    def __init__(
        self, bridge: SyncBridge, clock: Clock = utc_now, parent: QWidget | None = None,
        shared: bool = False,
    ) -> None:
        """`shared`: a desk of a shared cache, whose sources the sync agent reads."""
        super().__init__(parent)
        self._clock = clock
        self.indicators: dict[str, SourceHealthIndicator] = {}
        self.no_sources_label = QLabel(
            self.tr("The sync agent reads the sources for every desk") if shared
            else self.tr("No sources configured"))
        self.no_sources_label.setObjectName("noSources")

        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 3, 8, 3)
        self._layout.setSpacing(16)
        self._layout.addWidget(self.no_sources_label)
        self._layout.addStretch(1)

        bridge.health_changed.connect(self._on_health_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def _on_health_changed(self, health: SourceHealth) -> None:
        indicator = self.indicators.get(health.source)
        if indicator is None:
            indicator = SourceHealthIndicator(health)
            self.indicators[health.source] = indicator
            # Before the trailing stretch, so indicators stay packed to the left.
            self._layout.insertWidget(self._layout.count() - 1, indicator)
            self.no_sources_label.hide()
        indicator.set_health(health, self._clock())

    def refresh(self) -> None:
        """Bring every "… ago" up to date; the timer calls this each second."""
        now = self._clock()
        for indicator in self.indicators.values():
            indicator.refresh_ago(now)
