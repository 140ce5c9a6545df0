"""The navigation lists the nine views and shows the page that was asked for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from widgets.common.empty_state import EmptyState
from widgets.view_registry import VIEW_NAMES

EXPECTED = [
    ("overview", "Overview"),
    ("orders", "Orders"),
    ("machines", "Machines"),
    ("maintenance", "Maintenance"),
    ("quality", "Quality"),
    ("traceability", "Traceability"),
    ("complaints", "Complaints"),
    ("planning", "Planning"),
    ("materials", "Materials"),
    ("events", "Events"),
]


def test_window_title_and_default_size(make_window) -> None:
    window = make_window()
    assert window.windowTitle() == "Gemba Console"
    assert (window.width(), window.height()) == (1280, 800)


def test_navigation_lists_the_nine_views_in_order(make_window) -> None:
    window = make_window()
    items = [window.navigation.item(row) for row in range(window.navigation.count())]
    assert [item.text() for item in items] == [label for _, label in EXPECTED]
    assert [item.data(Qt.ItemDataRole.UserRole) for item in items] == list(VIEW_NAMES)
    assert all(not item.icon().isNull() for item in items)
    assert window.stack.count() == len(VIEW_NAMES)


@pytest.mark.parametrize(("name", "label"), EXPECTED)
def test_switch_view_shows_the_right_page(make_window, qtbot, name: str, label: str) -> None:
    window = make_window()
    # Start elsewhere so every case is a real change of page.
    window.switch_view("planning" if name != "planning" else "overview")
    with qtbot.waitSignal(window.view_changed) as blocker:
        window.switch_view(name)
    assert blocker.args == [name]
    assert window.stack.currentWidget() is window.views[name]
    assert window.current_view_name() == name
    assert window.page_title.text() == label
    assert window.navigation.currentItem().text() == label


def test_clicking_a_navigation_entry_switches_the_page(make_window, qtbot) -> None:
    window = make_window()
    item = window.navigation.item(VIEW_NAMES.index("traceability"))
    rect = window.navigation.visualItemRect(item)
    with qtbot.waitSignal(window.view_changed):
        qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert window.current_view_name() == "traceability"
    assert window.stack.currentWidget() is window.views["traceability"]


def test_ctrl_number_switches_views(make_window, qtbot) -> None:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.view_changed):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view_name() == "machines"


def test_unknown_view_name_is_refused(make_window) -> None:
    window = make_window()
    with pytest.raises(ValueError, match="overview"):
        window.switch_view("dashboard")


@pytest.mark.parametrize("name", VIEW_NAMES)
def test_every_view_explains_why_it_is_empty(make_window, name: str) -> None:
    window = make_window()
    window.switch_view(name)
    empty = window.views[name].findChild(EmptyState)
    assert empty is not None and empty.isVisible()
    assert empty.title_label.text().strip()
    # One sentence that says what will appear and where it comes from.
    explanation = empty.explanation_label.text()
    assert "sync engine" in explanation and explanation.endswith(".")


def test_a_view_no_source_serves_says_not_provided(make_window, bridge) -> None:
    """A CRM without lots and an MES of machines only: the views say so instead of zeros."""
    window = make_window()
    window.switch_view("traceability")
    assert window.content.currentWidget() is window.stack  # served feeds not known yet
    bridge.publish_served({"crm.customers", "crm.orders", "mes.machine_status"})
    assert window.content.currentWidget() is window.not_provided
    assert window.not_provided.title_label.text() == "Not provided by this source"
    assert "Lots, Lot genealogy, Shipments" in window.not_provided.explanation_label.text()
    window.switch_view("machines")
    assert window.content.currentWidget() is window.stack
    window.switch_view("quality")
    assert window.content.currentWidget() is window.not_provided
