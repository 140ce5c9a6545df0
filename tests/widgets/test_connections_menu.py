"""Settings → Connections… opens the connection settings; saving says when they take effect."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from widgets.settings.connections_dialog import ConnectionsDialog


def test_connections_open_from_the_settings_menu(qtbot, make_window) -> None:
    window = make_window()
    action = window.findChild(QAction, "connectionsAction")
    assert action is not None and action.text() == "Connections…"
    settings = next(a.menu() for a in window.menuBar().actions()
                    if a.property("gembaMenu") == "settings")
    assert action in settings.actions()
    action.trigger()
    dialog = window.findChild(ConnectionsDialog)
    qtbot.waitUntil(lambda: dialog.isVisible())

    dialog.saved.emit([])
    box = window.findChild(QMessageBox, "connectionsSavedBox")
    qtbot.waitUntil(lambda: box.isVisible())
    assert "when it starts again" in box.text()
    assert sorted(b.text() for b in box.buttons()) == ["Later", "Restart now"]
    box.buttons()[[b.text() for b in box.buttons()].index("Later")].click()
    dialog.reject()
