"""Settings → Language: follow the system, or English, or Traditional Chinese, switched while
the console runs (the window rebuilds its texts) and remembered for the next start."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow

from widgets.i18n import (
    ENGLISH,
    LANGUAGES,
    TRADITIONAL_CHINESE,
    choose_language,
    install_language,
)
from widgets.settings.settings_menu import settings_menu
from widgets.settings.user_settings import load_settings, save_setting

LANGUAGE_SETTING = "language"
# Each language named in itself: someone who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {ENGLISH: "English", TRADITIONAL_CHINESE: "繁體中文"}


def saved_language() -> str | None:
    """The language the person chose last time; None to follow the system."""
    value = load_settings().get(LANGUAGE_SETTING)
    return value if value in LANGUAGES else None


class LanguageSwitcher:
    """Owns the installed translators, so a switch can take them out again."""

    def __init__(self, app: QCoreApplication, language: str,
                 translators: list[QTranslator]) -> None:
        self.app = app
        self.language = language
        self.translators = translators

    @classmethod
    def start(cls, app: QCoreApplication, override: str | None) -> LanguageSwitcher:
        language = choose_language(override or saved_language())
        return cls(app, language, install_language(app, language))

    def switch(self, language: str | None, remember: bool = True) -> str:
        """Install `language` (None: the system's); Qt then tells every window to retranslate.
        Returns the language now in use."""
        chosen = choose_language(language)
        if remember:
            save_setting(LANGUAGE_SETTING, language)
        if chosen == self.language:
            return chosen
        for translator in self.translators:
            self.app.removeTranslator(translator)
        if chosen == ENGLISH:
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        self.translators = install_language(self.app, chosen)
        self.language = chosen
        return chosen


def install_language_menu(window: QMainWindow, switcher: LanguageSwitcher) -> None:
    """A Settings menu with the language choices; call again after a switch to retranslate."""
    menu = settings_menu(window)
    menu.clear()
    languages = menu.addMenu(QCoreApplication.translate("LanguageMenu", "&Language"))
    group = QActionGroup(languages)
    chosen = saved_language()
    system = QAction(QCoreApplication.translate("LanguageMenu", "As the system ({name})")
                     .format(name=LANGUAGE_NAMES[choose_language(None)]), languages)
    choices: list[tuple[QAction, str | None]] = [(system, None)]
    choices += [(QAction(LANGUAGE_NAMES[code], languages), code) for code in LANGUAGES]
    for action, code in choices:
        action.setCheckable(True)
        action.setChecked(code == chosen)
        action.setData(code)
        group.addAction(action)
        languages.addAction(action)
        action.triggered.connect(lambda _checked=False, c=code: switcher.switch(c))
