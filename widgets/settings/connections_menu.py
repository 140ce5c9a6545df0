"""Settings → "Connections…": the sources the console reads, and a restart to use new ones."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QProcess
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from widgets.settings.connections_dialog import ConnectionsDialog
from widgets.settings.settings_menu import settings_menu


def restart_console() -> None:
    """The same command again, then this one ends: the new sources are read at start-up."""
    arguments = sys.argv[1:] if getattr(sys, "frozen", False) else sys.argv
    if QProcess.startDetached(sys.executable, arguments):
        QApplication.quit()


def _tell_saved(window: QMainWindow) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate(
        "ConnectionsMenu", "Connections saved"), QCoreApplication.translate(
        "ConnectionsMenu", "The console connects to the saved sources when it starts again. "
        "What is cached now stays until then."), QMessageBox.StandardButton.NoButton, window)
    restart = box.addButton(QCoreApplication.translate("ConnectionsMenu", "Restart now"),
                            QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("ConnectionsMenu", "Later"),
                  QMessageBox.ButtonRole.RejectRole)
    box.setObjectName("connectionsSavedBox")
    box.buttonClicked.connect(lambda button: restart_console() if button is restart else None)
    box.open()


def install_connections_menu(window: QMainWindow) -> QAction:
    menu = settings_menu(window)
    action = QAction(QCoreApplication.translate("ConnectionsMenu", "Connections…"), menu)
    action.setObjectName("connectionsAction")

    def open_dialog() -> None:
        dialog = ConnectionsDialog(window)
        dialog.saved.connect(lambda _profiles: _tell_saved(window))
        dialog.open()

    action.triggered.connect(open_dialog)
    menu.addAction(action)
    return action
