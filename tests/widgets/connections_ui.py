"""Driving Settings → Connections as a person would: type into fields, add a source, press
"Test connection" and wait for its answer. Shared by the dialog's tests and the console tests."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from widgets.settings.connections_dialog import ConnectionsDialog


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace the field's text as a person would: select all, type."""
    edit.setFocus()
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)


def add_source(qtbot, dialog: ConnectionsDialog, url: str, user: str = "",
               secret: str = "") -> None:
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.form.url_edit, url)
    if user:
        type_into(qtbot, dialog.form.username_edit, user)
    if secret:
        type_into(qtbot, dialog.form.secret_edit, secret)


def run_test(qloop, dialog: ConnectionsDialog) -> str:
    """Click "Test connection" on the console's loop and wait for the result."""
    async def scenario() -> None:
        finished = asyncio.get_running_loop().create_future()

        def tested(result: object) -> None:
            if not finished.done():
                finished.set_result(result)

        dialog.tested.connect(tested)
        try:
            dialog.test_button.click()
            assert not dialog.test_button.isEnabled()  # one test at a time
            assert dialog.test_button.text() == "Testing…"
            await asyncio.wait_for(finished, 20)
        finally:
            dialog.tested.disconnect(tested)

    qloop.run_until_complete(scenario())
    assert dialog.test_button.isEnabled()
    return dialog.result_label.text()
