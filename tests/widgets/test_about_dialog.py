"""Help > About Gemba Console: version, Python and Qt, bundled components and their licences."""

from __future__ import annotations

import platform
from importlib.metadata import version

from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from widgets.about.about_dialog import AboutDialog
from widgets.about.app_icon import app_icon
from widgets.about.components import COMPONENTS, bundled_components, licence_from_metadata
from widgets.about.help_menu import ABOUT_ACTION, HELP_MENU, install_help_menu


def _window(qtbot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    install_help_menu(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_help_menu_opens_the_about_dialog(qtbot) -> None:
    window = _window(qtbot)
    menu = window.findChild(QMenu, HELP_MENU)
    assert menu is not None and menu.title() == "&Help"
    action = window.findChild(QAction, ABOUT_ACTION)
    assert action in menu.actions()

    action.trigger()
    qtbot.waitUntil(lambda: (d := window.findChild(AboutDialog)) is not None and d.isVisible())
    dialog = window.findChild(AboutDialog)

    assert dialog.version_label.text() == f"Version {version('gemba-console')}"
    assert platform.python_version() in dialog.runtime_label.text()
    assert qVersion() in dialog.runtime_label.text()
    assert "LGPL-3.0" in dialog.licence_of("PySide6")
    assert dialog.table.rowCount() == len(COMPONENTS)


def test_triggering_again_reuses_the_open_dialog(qtbot) -> None:
    window = _window(qtbot)
    action = window.findChild(QAction, ABOUT_ACTION)
    action.trigger()
    qtbot.waitUntil(lambda: (d := window.findChild(AboutDialog)) is not None and d.isVisible())
    action.trigger()
    assert len(window.findChildren(AboutDialog)) == 1


def test_every_component_has_a_licence_and_the_installed_ones_a_version() -> None:
    components = bundled_components()
    assert [c.name for c in components] == [c.name for c in COMPONENTS]
    assert all(c.licence for c in components)
    # Every component is a dependency of the console, so installed wherever the tests run.
    assert all(c.version for c in components)


def test_licence_comes_from_expression_then_short_field_then_classifiers() -> None:
    assert licence_from_metadata({"License-Expression": "MIT", "License": "x"}) == "MIT"
    assert licence_from_metadata({"License": "BSD-3-Clause"}) == "BSD-3-Clause"
    full_text = "Copyright (c) someone\n\nPermission is hereby granted..."
    assert licence_from_metadata(
        _Meta({"License": full_text},
              ["License :: OSI Approved :: MIT License", "Programming Language :: Python"])
    ) == "MIT License"
    assert licence_from_metadata(_Meta({}, [])) is None


def test_app_icon_is_not_empty(qapp) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()


class _Meta(dict):
    """Just enough of importlib.metadata's PackageMetadata for licence_from_metadata."""

    def __init__(self, fields: dict[str, str], classifiers: list[str]) -> None:
        super().__init__(fields)
        self._classifiers = classifiers

    def get_all(self, name: str) -> list[str] | None:
        return self._classifiers if name == "Classifier" else None
