"""Dates and times in the order and words of the console's language.

strftime and fixed Qt patterns write "8 Dec" or "8 12月" whatever the language; these go
through the default QLocale (set to zh_TW with its language) and formats that are themselves
translated, so Traditional Chinese reads "12月8日".
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone

translate = QCoreApplication.translate


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _local(moment: datetime) -> QDateTime:
    # Times inside are UTC; people read them in their own time zone.
    local = moment.astimezone()
    return QDateTime(_qdate(local.date()),
                     QTime(local.hour, local.minute, local.second),
                     QTimeZone.systemTimeZone())


def day_month(day: date) -> str:
    """A day in the year without the year: "8 Dec", "12月8日"."""
    return QLocale().toString(_qdate(day), translate("DateText", "d MMM"))


def day_text(day: date) -> str:
    """A full day: "2026-12-08", "2026年12月8日"."""
    return QLocale().toString(_qdate(day), translate("DateText", "yyyy-MM-dd"))


def moment_text(moment: datetime, *, seconds: bool = False) -> str:
    """A moment in local time: "2026-12-08 14:05", "2026年12月8日 14:05"."""
    pattern = (translate("DateText", "yyyy-MM-dd HH:mm:ss") if seconds
               else translate("DateText", "yyyy-MM-dd HH:mm"))
    return QLocale().toString(_local(moment), pattern)
