"""The window's Settings menu, found or made, whichever piece installs its entries first."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QMenu


def settings_menu(window: QMainWindow) -> QMenu:
    title = QCoreApplication.translate("LanguageMenu", "&Settings")
    menu = next((a.menu() for a in window.menuBar().actions()
                 if a.property("gembaMenu") == "settings"), None)
    if menu is None:
        menu = window.menuBar().addMenu(title)
        menu.menuAction().setProperty("gembaMenu", "settings")
    menu.setTitle(title)
    return menu
