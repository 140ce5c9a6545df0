"""Choosing the console's language and installing its Qt translators."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from widgets.paths import TRANSLATIONS_DIR

ENGLISH = "en"
TRADITIONAL_CHINESE = "zh_TW"
LANGUAGES = (ENGLISH, TRADITIONAL_CHINESE)

# Territories whose people read Traditional Chinese; elsewhere Chinese means Simplified, which we
# do not ship, so those users get English rather than a script they may not read comfortably.
_TRADITIONAL_TERRITORIES = {
    QLocale.Country.Taiwan,
    QLocale.Country.HongKong,
    QLocale.Country.Macao,
}


def language_for_locale(locale: QLocale) -> str:
    """zh_TW, zh_Hant (any territory) and zh_HK map to zh_TW; everything else to English."""
    if locale.language() != QLocale.Language.Chinese:
        return ENGLISH
    if locale.script() == QLocale.Script.TraditionalChineseScript:
        return TRADITIONAL_CHINESE
    if locale.script() == QLocale.Script.SimplifiedChineseScript:
        return ENGLISH
    if locale.territory() in _TRADITIONAL_TERRITORIES:
        return TRADITIONAL_CHINESE
    return ENGLISH


def choose_language(override: str | None = None, locale: QLocale | None = None) -> str:
    if override:
        if override not in LANGUAGES:
            raise ValueError(f"unknown language {override!r}; choose from {', '.join(LANGUAGES)}")
        return override
    return language_for_locale(locale if locale is not None else QLocale.system())


def load_app_translator(language: str) -> QTranslator | None:
    """The console's own catalogue for `language`, or None for English (the source language)."""
    if language == ENGLISH:
        return None
    translator = QTranslator()
    path = TRANSLATIONS_DIR / f"gemba_{language}.qm"
    if not translator.load(str(path)):
        raise FileNotFoundError(f"translation catalogue not found or unreadable: {path}")
    return translator


def load_qt_translator(language: str) -> QTranslator | None:
    """Qt's own catalogue, so standard buttons (OK, Cancel) match the console's language."""
    if language == ENGLISH:
        return None
    translator = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", qt_dir):
        return translator
    return None


def install_language(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install translators for `language`; returns them so the caller keeps them alive.

    A missing catalogue is reported and the console carries on in English rather than refusing
    to start: an untranslated console is still useful on the shop floor.
    """
    translators: list[QTranslator] = []
    try:
        own = load_app_translator(language)
    except FileNotFoundError as exc:
        print(f"gemba: {exc}; continuing in English", file=sys.stderr)
        return translators
    for translator in (load_qt_translator(language), own):
        if translator is not None:
            app.installTranslator(translator)
            translators.append(translator)
    if language == TRADITIONAL_CHINESE:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan))
    return translators
