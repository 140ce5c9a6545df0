"""Complaints in words: severity and status words, severity colours. (Ages are worded for
every view by widgets.common.age_text.)

Module-level texts name their context ("Complaints") literally, so lupdate finds them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from app.domain import ComplaintStatus, Severity

translate = QCoreApplication.translate

_SEVERITY_WORDS: dict[Severity, str] = {
    Severity.LOW: QT_TRANSLATE_NOOP("Complaints", "low"),
    Severity.MEDIUM: QT_TRANSLATE_NOOP("Complaints", "medium"),
    Severity.HIGH: QT_TRANSLATE_NOOP("Complaints", "high"),
    Severity.CRITICAL: QT_TRANSLATE_NOOP("Complaints", "critical"),
}
_STATUS_WORDS: dict[ComplaintStatus, str] = {
    ComplaintStatus.OPEN: QT_TRANSLATE_NOOP("Complaints", "open"),
    ComplaintStatus.INVESTIGATING: QT_TRANSLATE_NOOP("Complaints", "investigating"),
    ComplaintStatus.CONTAINED: QT_TRANSLATE_NOOP("Complaints", "contained"),
    ComplaintStatus.CLOSED: QT_TRANSLATE_NOOP("Complaints", "closed"),
}
# Readable on the light theme; the word is always there too, so colour is never the only cue.
_SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.LOW: "#546e7a",
    Severity.MEDIUM: "#9a7400",
    Severity.HIGH: "#d84315",
    Severity.CRITICAL: "#b71c1c",
}
# Most severe first when sorting by severity; open before closed when sorting by status.
SEVERITY_RANK: dict[Severity, int] = {s: n for n, s in enumerate(
    (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW))}
STATUS_RANK: dict[ComplaintStatus, int] = {s: n for n, s in enumerate(
    (ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING, ComplaintStatus.CONTAINED,
     ComplaintStatus.CLOSED))}


def severity_word(severity: Severity) -> str:
    return translate("Complaints", _SEVERITY_WORDS[severity])


def severity_colour(severity: Severity) -> QColor:
    return QColor(_SEVERITY_COLOURS[severity])


def status_word(status: ComplaintStatus) -> str:
    return translate("Complaints", _STATUS_WORDS[status])
