"""The console's first frame: the Overview's figures as last worked out, drawn while the
console opens its cache.

Opening the cache costs most of a cold start (SQLAlchemy, the schema, the analytics). The
figures saved beside the cache need none of it, so this window shows them at once, in the main
window's layout and place, each marked with when it was worked out. It closes itself the
moment the main window is shown, which takes its place and its geometry.

Only the standard library, PySide6 and modules that import nothing heavier belong here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from app.runtime import figures_snapshot
from app.runtime.figures_snapshot import FiguresSnapshot
from widgets.common.freshness_text import MIN_STALE_AFTER, freshness_text
from widgets.navigation import DEFAULT_SIZE, fill_navigation, new_navigation
from widgets.overview.kpi_texts import saved_figures_note
from widgets.overview.kpi_tile import show_kpis, tile_grid
from widgets.view_registry import VIEWS


class StartFrame(QMainWindow):
    """The Overview as saved, until the main window is shown."""

    def __init__(self, saved: FiguresSnapshot, now: datetime) -> None:
        super().__init__()
        self.setObjectName("startFrame")
        self.handed_over = False  # closed for the main window that took its place
        self.resize(DEFAULT_SIZE)
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Gemba Console"))
        # The main window's menu titles, so that nothing moves when it takes over.
        for context, title in (("LanguageMenu", "&Settings"), ("HelpMenu", "&Help")):
            self.menuBar().addMenu(QCoreApplication.translate(context, title))
        navigation = new_navigation()
        fill_navigation(navigation)
        navigation.setCurrentRow(0)

        title = QLabel(VIEWS[0].label())
        title.setObjectName("pageTitle")
        # The Overview's feeds include fast ones, whose "stale" limit is the shortest.
        stale = saved.data_as_of is not None and now - saved.data_as_of > MIN_STALE_AFTER
        freshness = QLabel(freshness_text(saved.data_as_of, now, stale))
        freshness.setObjectName("freshness")
        freshness.setProperty("stale", stale)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(freshness)

        tabs = QTabBar()
        tabs.setDocumentMode(True)
        tabs.addTab(QCoreApplication.translate("OverviewView", "Figures"))
        tabs.addTab(QCoreApplication.translate("OverviewView", "Cached data"))
        self.note = QLabel(saved_figures_note(saved, now))
        self.note.setObjectName("sectionNote")
        self.note.setWordWrap(True)
        grid, self.tiles = tile_grid()
        show_kpis(self.tiles, saved.kpis)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addWidget(tabs, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.note)
        layout.addLayout(grid)
        layout.addStretch(1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(navigation)
        row.addWidget(page, 1)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(False)
        self.statusBar().showMessage(
            QCoreApplication.translate("Startup", "Opening the local cache…"))

    def hand_over_to_next_window(self, app: QApplication) -> None:
        """Close as soon as another main window is shown, giving it this one's place."""
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Show and watched is not self
                and isinstance(watched, QMainWindow) and watched.isWindow()):
            QApplication.instance().removeEventFilter(self)
            if self.isVisible():
                watched.setGeometry(self.geometry())
            self.handed_over = True
            self.close()
            self.deleteLater()
        return False


def show_start_frame(app: QApplication, cache_url: str | None, now: datetime,
                     first_frame: Path | None = None) -> StartFrame | None:
    """Show the saved figures of the cache at `cache_url` (None: the default cache) until the
    main window is up; None when none are saved. `first_frame`: write that frame to a PNG."""
    saved = figures_snapshot.load(figures_snapshot.snapshot_path(cache_url))
    if saved is None:
        return None
    frame = StartFrame(saved, now)
    frame.show()
    app.processEvents()
    if first_frame is not None:
        first_frame.parent.mkdir(parents=True, exist_ok=True)
        frame.grab().save(str(first_frame), "PNG")
    frame.hand_over_to_next_window(app)
    return frame
