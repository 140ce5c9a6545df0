"""Typed dates in the Planning form, in English and Traditional Chinese: the ISO form and the
locale's own forms are read whole (QDateEdit kept the old year when "2027-03-01" was typed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.widgets.test_planning_view import make_view, plant_with_urgent_line  # noqa: F401
from widgets.common.date_edit import DateEdit, parse_date

ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Script.TraditionalChineseScript,
                  QLocale.Country.Taiwan)
MARCH_1 = date(2027, 3, 1)


def type_text(line, text: str) -> None:
    """Key by key; what no key makes (年, 月, 日) as an input method commits it."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(line, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(line, event)


@pytest.fixture
def locale(request) -> Iterator[QLocale]:
    before = QLocale()
    QLocale.setDefault(request.param)
    try:
        yield request.param
    finally:
        QLocale.setDefault(before)


@pytest.mark.parametrize(("locale", "typed"), [
    (ENGLISH, "2027-03-01"), (ENGLISH, "3/1/2027"), (ENGLISH, "3/1/27"),
    (ENGLISH, "March 1, 2027"), (ENGLISH, "1 Mar 2027"),
    (CHINESE, "2027-03-01"), (CHINESE, "2027/3/1"), (CHINESE, "2027年3月1日"),
    (CHINESE, "2027/03/01"),
], indirect=["locale"])
def test_a_typed_date_is_read_whole(qtbot, locale, typed) -> None:
    field = DateEdit()
    qtbot.addWidget(field)
    field.setDate(date(2026, 12, 5))
    field.line.selectAll()
    QTest.keyClick(field.line, Qt.Key.Key_Backspace)
    type_text(field.line, typed)
    assert field.value() == MARCH_1
    assert field.date().toPython() == MARCH_1


@pytest.mark.parametrize("locale", [ENGLISH, CHINESE], indirect=True)
def test_the_hint_is_the_locales_own_form(qtbot, locale) -> None:
    field = DateEdit()
    qtbot.addWidget(field)
    assert parse_date(field.line.placeholderText()) == MARCH_1
    assert field.line.placeholderText() == ("3/1/27" if locale == ENGLISH else "2027/3/1")


@pytest.mark.parametrize("locale", [ENGLISH, CHINESE], indirect=True)
def test_the_planning_form_asks_for_the_typed_date(make_view, qtbot, locale) -> None:  # noqa: F811
    view = make_view(plant_with_urgent_line())
    panel = view.feasibility
    panel.quantity_edit.setText("200")
    panel.date_edit.line.selectAll()
    QTest.keyClick(panel.date_edit.line, Qt.Key.Key_Backspace)
    typed = "3/1/2027" if locale == ENGLISH else "2027年3月1日"
    type_text(panel.date_edit.line, typed)
    request = panel.read_request()
    assert request is not None and request.requested_date == MARCH_1


@pytest.mark.parametrize("locale", [ENGLISH], indirect=True)
def test_a_text_that_is_no_date_is_refused_next_to_the_field(make_view, locale) -> None:  # noqa: F811
    view = make_view(plant_with_urgent_line())
    panel = view.feasibility
    panel.quantity_edit.setText("200")
    panel.date_edit.line.setText("next Tuesday")
    assert panel.read_request() is None
    assert panel.date_error.isVisible()
    assert "“next Tuesday” is not a date" in panel.date_error.text()
