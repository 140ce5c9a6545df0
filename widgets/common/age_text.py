"""An age in words: "7 h", or "7 h ago". Every view words the ages of `app.analytics.ages`
here, so one age reads the same everywhere, in every language.

Module-level texts name their context ("Ages") literally, so lupdate finds them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.analytics.ages import Age, AgeUnit

_SHORT: dict[AgeUnit, str] = {
    AgeUnit.NOW: QT_TRANSLATE_NOOP("Ages", "just now"),
    AgeUnit.SECONDS: QT_TRANSLATE_NOOP("Ages", "{n} s"),
    AgeUnit.MINUTES: QT_TRANSLATE_NOOP("Ages", "{n} min"),
    AgeUnit.HOURS: QT_TRANSLATE_NOOP("Ages", "{n} h"),
    AgeUnit.DAYS: QT_TRANSLATE_NOOP("Ages", "{n} d"),
}
_AGO: dict[AgeUnit, str] = {
    AgeUnit.NOW: QT_TRANSLATE_NOOP("Ages", "just now"),
    AgeUnit.SECONDS: QT_TRANSLATE_NOOP("Ages", "{n} s ago"),
    AgeUnit.MINUTES: QT_TRANSLATE_NOOP("Ages", "{n} min ago"),
    AgeUnit.HOURS: QT_TRANSLATE_NOOP("Ages", "{n} h ago"),
    AgeUnit.DAYS: QT_TRANSLATE_NOOP("Ages", "{n} d ago"),
}


def age_words(age: Age, *, ago: bool = False) -> str:
    """"7 h" for a column of ages; with `ago`, "7 h ago" for a sentence."""
    words = (_AGO if ago else _SHORT)[age.unit]
    return QCoreApplication.translate("Ages", words).format(n=age.count)
