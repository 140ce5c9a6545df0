"""The Help menu: About Gemba Console."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from widgets.about.about_dialog import AboutDialog

ABOUT_ACTION = "aboutAction"
HELP_MENU = "helpMenu"


def show_about(window: QMainWindow) -> AboutDialog:
    """Open the window's About dialog (one per window, made on first use) without blocking."""
    dialog = window.findChild(AboutDialog)
    if dialog is None:
        dialog = AboutDialog(window)
    dialog.open()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def install_help_menu(window: QMainWindow) -> None:
    """Add a Help menu with "About Gemba Console" to the window's menu bar."""
    menu = QMenu(QCoreApplication.translate("HelpMenu", "&Help"), window)
    menu.setObjectName(HELP_MENU)
    about = QAction(QCoreApplication.translate("HelpMenu", "&About Gemba Console"), menu)
    about.setObjectName(ABOUT_ACTION)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(window))
    menu.addAction(about)
    window.menuBar().addMenu(menu)
