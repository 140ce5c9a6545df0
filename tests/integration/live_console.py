"""Looking at and typing into the console that run_console shows, from a test's QTimer steps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from widgets.main_window import MainWindow


def shown_window() -> MainWindow:
    """The console's main window once it is shown (StopIteration before)."""
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible())


def type_into(widget, text: str) -> None:
    """Replace the field's text by typing, as a person would."""
    widget.setFocus()
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Backspace)
    QTest.keyClicks(widget, text)
