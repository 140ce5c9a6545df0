"""A date field that takes a typed date: ISO ("2027-03-01") or the form of the console's
language ("3/1/2027" or "March 1, 2027" in English, "2027/3/1" or "2027年3月1日" in
Traditional Chinese), with a calendar to pick from.

QDateEdit edits a date section by section: typing "2027-03-01" over its text keeps the old year
(the sections' cursor, not the text, decides), so people who type dates got the wrong one. Here
the text is the value: it is read whole when asked for, and the field says when it cannot be.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
CJK = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")


def _formats(locale: QLocale) -> list[str]:
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    long = locale.dateFormat(QLocale.FormatType.LongFormat)
    forms = [short, short.replace("yyyy", "yy").replace("yy", "yyyy"), long,
             locale.dateFormat(QLocale.FormatType.NarrowFormat),
             "d MMM yyyy", "d MMMM yyyy", "MMM d, yyyy", "MMMM d, yyyy", "M/d/yyyy"]
    seen: list[str] = []
    for form in forms:
        if form and form not in seen:
            seen.append(form)
    return seen


def parse_date(text: str, locale: QLocale | None = None) -> date | None:
    """The date typed, or None when it is not one (ISO first, then the locale's forms)."""
    text = text.strip()
    if not text:
        return None
    for pattern in (ISO, CJK):
        match = pattern.match(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    locales = [locale or QLocale()]
    if locales[0].language() != QLocale.Language.English:
        locales.append(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    for each in locales:
        for form in _formats(each):
            found = each.toDate(text, form)
            if found.isValid():
                day = found.toPython()
                if day.year < 100 or ("yyyy" not in form and day.year < 2000):
                    day = day.replace(year=day.year % 100 + 2000)
                return day
    return None


class DateEdit(QWidget):
    """A typed date with a calendar button; the QDateEdit calls the forms use (date(),
    setDate(), dateChanged) work the same, date() being invalid while the text is no date."""

    dateChanged = Signal(QDate)  # noqa: N815 - as QDateEdit names it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText(self.example())
        self.line.setToolTip(QCoreApplication.translate(
            "DateEdit", "Type a date as {iso} or {local}, or pick one from the calendar.")
            .format(iso="2027-03-01", local=self.example()))
        self.line.textEdited.connect(self._on_text)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setAccessibleName(QCoreApplication.translate("DateEdit", "Calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._before_popup)
        self.button.setMenu(menu)
        self._menu = menu
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self._last = QDate()

    @staticmethod
    def example() -> str:
        """The locale's own form of 1 March 2027, as a hint."""
        return QLocale().toString(QDate(2027, 3, 1), QLocale.FormatType.ShortFormat)

    def text(self) -> str:
        return self.line.text()

    def value(self) -> date | None:
        return parse_date(self.line.text())

    def date(self) -> QDate:
        day = self.value()
        return QDate(day.year, day.month, day.day) if day else QDate()

    def setDate(self, day: QDate | date) -> None:  # noqa: N802 - as QDateEdit names it
        qdate = day if isinstance(day, QDate) else QDate(day.year, day.month, day.day)
        self.line.setText(qdate.toString("yyyy-MM-dd") if qdate.isValid() else "")
        self._changed()

    def clear(self) -> None:
        self.line.clear()
        self._changed()

    def _on_text(self, _text: str) -> None:
        self._changed()

    def _changed(self) -> None:
        now = self.date()
        if now != self._last:
            self._last = now
            self.dateChanged.emit(now)

    def _before_popup(self) -> None:
        current = self.date()
        self.calendar.setSelectedDate(current if current.isValid() else QDate.currentDate())

    def _picked(self, day: QDate) -> None:
        self.setDate(day)
        self._menu.hide()
