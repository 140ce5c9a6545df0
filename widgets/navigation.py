"""The list of views on the left of the window: one entry per view, with its icon, name and
shortcut. Shared by the main window and the start frame drawn before it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from widgets.paths import ICONS_DIR
from widgets.view_registry import VIEWS

NAVIGATION_WIDTH = 200
DEFAULT_SIZE = QSize(1280, 800)  # the window's size when it first opens


def new_navigation() -> QListWidget:
    navigation = QListWidget()
    navigation.setObjectName("navigation")
    navigation.setFixedWidth(NAVIGATION_WIDTH)
    navigation.setIconSize(QSize(22, 22))
    return navigation


def fill_navigation(navigation: QListWidget) -> None:
    """One entry per view, in the current language."""
    for number, spec in enumerate(VIEWS, start=1):
        item = QListWidgetItem(QIcon(str(ICONS_DIR / spec.icon_file)), spec.label())
        item.setData(Qt.ItemDataRole.UserRole, spec.name)
        sequence = QKeySequence(f"Ctrl+{number}")
        item.setToolTip(
            f"{spec.label()} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        navigation.addItem(item)
