"""Settings → Language switches the running console and is remembered for the next start."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from widgets.settings.language_menu import LanguageSwitcher, saved_language
from widgets.view_registry import VIEW_NAMES


def nav_labels(window) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def language_actions(window) -> dict[str, object]:
    settings = next(a.menu() for a in window.menuBar().actions()
                    if a.property("gembaMenu") == "settings")
    languages = settings.actions()[0].menu()
    return {action.text(): action for action in languages.actions()}


def test_switch_to_traditional_chinese_and_back_without_restart(make_window, qapp,
                                                                 qtbot) -> None:
    switcher = LanguageSwitcher(qapp, "en", [])
    window = make_window(language=switcher)
    window.switch_view("planning")
    assert nav_labels(window)[0] == "Overview"
    try:
        language_actions(window)["繁體中文"].trigger()
        qtbot.waitUntil(lambda: nav_labels(window)[0] == "總覽")
        assert window.current_view_name() == "planning"  # the same view, now in Chinese
        assert window.page_title.text() == nav_labels(window)[VIEW_NAMES.index("planning")]
        assert window.views["planning"].tabs.tabText(0) != "Delivery date"
        assert QLocale().territory() == QLocale.Country.Taiwan
        assert saved_language() == "zh_TW"
        # The menu itself speaks the new language; each language keeps its own name.
        assert "English" in language_actions(window)
    finally:
        switcher.switch("en")
    qtbot.waitUntil(lambda: nav_labels(window)[0] == "Overview")
    assert window.views["planning"].tabs.tabText(0) == "Delivery date"
    assert saved_language() == "en"


def test_following_the_system_forgets_the_choice(qapp) -> None:
    switcher = LanguageSwitcher(qapp, "en", [])
    switcher.switch("en")
    assert saved_language() == "en"
    switcher.switch(None)
    assert saved_language() is None
