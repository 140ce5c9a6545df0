"""Control-chart rules in words, looked up by rule id so they follow the person's language
(the analytics' own descriptions are English, for logs)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "RuleTexts"

_RULES: dict[str, str] = {
    "nelson-1": QT_TRANSLATE_NOOP("RuleTexts", "A point beyond the control limits (3 sigma)"),
    "nelson-2": QT_TRANSLATE_NOOP(
        "RuleTexts", "9 points in a row on the same side of the centre line"),
    "nelson-3": QT_TRANSLATE_NOOP(
        "RuleTexts", "6 points in a row steadily increasing or decreasing"),
    "nelson-4": QT_TRANSLATE_NOOP("RuleTexts", "14 points in a row alternating up and down"),
    "nelson-5": QT_TRANSLATE_NOOP(
        "RuleTexts", "2 of 3 points beyond 2 sigma, on the same side"),
    "nelson-6": QT_TRANSLATE_NOOP(
        "RuleTexts", "4 of 5 points beyond 1 sigma, on the same side"),
    "nelson-7": QT_TRANSLATE_NOOP(
        "RuleTexts", "15 points in a row within 1 sigma of the centre line"),
    "nelson-8": QT_TRANSLATE_NOOP(
        "RuleTexts", "8 points in a row beyond 1 sigma, on either side"),
    "we-1": QT_TRANSLATE_NOOP("RuleTexts", "A point beyond the control limits (3 sigma)"),
    "we-2": QT_TRANSLATE_NOOP("RuleTexts", "2 of 3 points beyond 2 sigma, on the same side"),
    "we-3": QT_TRANSLATE_NOOP("RuleTexts", "4 of 5 points beyond 1 sigma, on the same side"),
    "we-4": QT_TRANSLATE_NOOP(
        "RuleTexts", "8 points in a row on the same side of the centre line"),
}

_PANELS: dict[str, str] = {
    "primary": QT_TRANSLATE_NOOP("RuleTexts", "Values"),
    "secondary": QT_TRANSLATE_NOOP("RuleTexts", "Spread"),
}


def rule_text(rule: str, fallback: str = "") -> str:
    """The rule in words; a rule this console does not know shows its id (and the analytics'
    wording), rather than nothing."""
    source = _RULES.get(rule)
    if source is None:
        return f"{rule}: {fallback}" if fallback else rule
    return QCoreApplication.translate(CONTEXT, source)


def panel_text(panel: str) -> str:
    source = _PANELS.get(panel)
    return QCoreApplication.translate(CONTEXT, source) if source else panel


def known_rules() -> list[str]:
    return list(_RULES)
