"""Settings → Automation rules…: each rule with its switch, its condition's parameter (checked
next to the field) and its action; saved to the cache.

    install_rules_menu(window, store)   # in MainWindow._build_texts, after the language menu
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.automation.rules.model import (
    LINE_ACTIONS,
    LINE_EVENTS,
    SETTING_ACTIONS,
    SEVERITIES,
    Rule,
    RuleAction,
    RuleEvent,
)
from app.automation.rules.store import load_rules, save_rules
from app.cache.store import CacheStore
from widgets.automation.firing_text import action_name, rule_name, severity_name
from widgets.settings.settings_menu import settings_menu

# The parameter each event's condition shows: (name, label source).
PARAMETERS: dict[RuleEvent, tuple[str, str]] = {
    RuleEvent.ORDER_WITHOUT_WORK_ORDER: (
        "hours", QT_TRANSLATE_NOOP("RulesDialog", "after (hours):")),
    RuleEvent.COMPLETION_SLIP: (
        "min_days", QT_TRANSLATE_NOOP("RulesDialog", "by at least (days):")),
    RuleEvent.SPC_KEY_CUSTOMER: (
        "lookback_hours", QT_TRANSLATE_NOOP("RulesDialog", "within the last (hours):")),
    RuleEvent.COMPLAINT_SEVERE: (
        "min_severity", QT_TRANSLATE_NOOP("RulesDialog", "severity at least:")),
    RuleEvent.PROGRESS_WRITEBACK: (
        "minutes", QT_TRANSLATE_NOOP("RulesDialog", "per line at most every (minutes):")),
}


class RuleRow:
    """The widgets of one rule."""

    def __init__(self, dialog: RulesDialog, rule: Rule) -> None:
        self.rule = rule
        self.enabled = QCheckBox(rule_name(rule.id, rule.name))
        self.enabled.setChecked(rule.enabled)
        self.enabled.setObjectName(f"enabled_{rule.id}")
        self.param = PARAMETERS.get(rule.event, ("", ""))[0]
        self.label = QLabel(QCoreApplication.translate("RulesDialog", PARAMETERS[rule.event][1])
                            if self.param else "")
        self.editor: QLineEdit | QComboBox | None = None
        if self.param == "min_severity":
            combo = QComboBox()
            for severity in SEVERITIES:
                combo.addItem(severity_name(severity), severity)
            combo.setCurrentIndex(max(combo.findData(rule.param("min_severity")), 0))
            self.editor = combo
        elif self.param:
            edit = QLineEdit(_number_text(rule.param(self.param)))
            edit.textChanged.connect(lambda _t: self.check(dialog))
            self.editor = edit
        if self.editor is not None:
            self.editor.setObjectName(f"{self.param}_{rule.id}")
        self.error = QLabel()
        self.error.setObjectName(f"error_{rule.id}")
        self.error.setStyleSheet("color: #c62828;")
        self.action = QComboBox()
        self.action.setObjectName(f"action_{rule.id}")
        only = SETTING_ACTIONS.get(rule.event)  # a setting has its one action
        offered = [only] if only is not None else [
            a for a in RuleAction if a not in SETTING_ACTIONS.values()
            and (a not in LINE_ACTIONS or rule.event in LINE_EVENTS)]  # a release needs a line
        for action in offered:
            self.action.addItem(action_name(action), action.value)
            self.action.addItem(action_name(action), action.value)
        self.action.setCurrentIndex(self.action.findData(rule.action.value))
        self.action.currentIndexChanged.connect(lambda _i: self._show_target())
        self.target = QLineEdit(str(rule.params.get("webhook_target", "")))
        self.target.setObjectName(f"webhook_target_{rule.id}")
        self.target.setPlaceholderText(dialog.tr("webhook target"))
        # Which products a line-rule looks at: product ids or codes starting with these.
        self.family = QLineEdit(str(rule.params.get("family", "")))
        self.family.setObjectName(f"family_{rule.id}")
        self.family.setPlaceholderText(QCoreApplication.translate(
            "RulesDialog", "product family, e.g. GU-3 (empty: all)"))
        self.family.setToolTip(QCoreApplication.translate(
            "RulesDialog",
            "Product ids or codes starting with this text, several separated by commas"))
        self.family.setVisible(rule.event in LINE_EVENTS)
        self._show_target()

    def _show_target(self) -> None:
        self.target.setVisible(self.action.currentData() == RuleAction.WEBHOOK.value)

    def value(self) -> tuple[Any, str]:
        """(the parameter's value, "" or why it is refused)."""
        if isinstance(self.editor, QComboBox):
            return self.editor.currentData(), ""
        if not isinstance(self.editor, QLineEdit):
            return None, ""
        text = self.editor.text().strip().replace(",", ".")
        if self.param == "minutes":
            if not text.isdigit() or not 1 <= int(text) <= 1440:
                return None, QCoreApplication.translate(
                    "RulesDialog", "Enter whole minutes from 1 to 1440.")
            return int(text), ""
        if self.param == "min_days":
            if not text.isdigit() or not 1 <= int(text) <= 365:
                return None, QCoreApplication.translate(
                    "RulesDialog", "Enter whole days from 1 to 365.")
            return int(text), ""
        try:
            number = float(text)
        except ValueError:
            return None, QCoreApplication.translate("RulesDialog", "Enter a number of hours.")
        if not 0 < number <= 720:
            return None, QCoreApplication.translate(
                "RulesDialog", "Enter more than 0 and at most 720 hours.")
        return (int(number) if number.is_integer() else number), ""

    def check(self, _dialog: RulesDialog | None = None) -> bool:
        _value, error = self.value()
        self.error.setText(error)
        self.error.setVisible(bool(error))
        return not error

    def edited(self) -> Rule:
        params = dict(self.rule.params)
        value, _error = self.value()
        if self.param:
            params[self.param] = value
        action = RuleAction(self.action.currentData())
        target = self.target.text().strip()
        if target:
            params["webhook_target"] = target
        else:
            params.pop("webhook_target", None)
        if self.rule.event in LINE_EVENTS:
            params["family"] = self.family.text().strip()
        return dataclasses.replace(self.rule, enabled=self.enabled.isChecked(), params=params,
                                   action=action)


def _number_text(value: Any) -> str:
    return "" if value is None else str(value)


class RulesDialog(QDialog):
    saved = Signal(list)  # list[Rule] as stored

    def __init__(self, store: CacheStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Automation rules"))
        self.rows = [RuleRow(self, rule) for rule in load_rules(store)]
        grid = QGridLayout()
        for column, title in enumerate((self.tr("Rule"), self.tr("Condition"), "", "",
                                        self.tr("Action"))):
            if title:
                grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for r, row in enumerate(self.rows, start=1):
            grid.addWidget(row.enabled, r, 0)
            grid.addWidget(row.label, r, 1)
            if row.editor is not None:
                grid.addWidget(row.editor, r, 2)
            grid.addWidget(row.error, r, 3)
            row.error.setVisible(False)
            grid.addWidget(row.action, r, 4)
            grid.addWidget(row.target, r, 5)
            grid.addWidget(row.family, r, 6)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Each rule fires once per occurrence. Alerts show in the console; activities, "
            "webhook calls and releases to production go out through the outbox.")))
        layout.addLayout(grid)
        layout.addStretch(1)  # extra height goes below the rules, not between them
        layout.addWidget(buttons)

    def row(self, rule_id: str) -> RuleRow:
        return next(r for r in self.rows if r.rule.id == rule_id)

    def save(self) -> bool:
        """Store the rules unless a field is refused (its reason shows next to it)."""
        ok = all([row.check() for row in self.rows])
        if not ok:
            return False
        rules = [row.edited() for row in self.rows]
        save_rules(self.store, rules)
        self.saved.emit(rules)
        self.accept()
        return True


def install_rules_menu(window: QMainWindow, store: CacheStore | None,
                       runner: Any | None = None) -> QAction | None:
    """Settings → "Automation rules…" (the Settings menu is made if there is none yet). Call
    after install_language_menu, which clears that menu. `runner` (RuleRunner): runs the rules
    again after a save."""
    if store is None:
        return None
    menu = settings_menu(window)
    action = QAction(QCoreApplication.translate("RulesDialog", "Automation rules…"), menu)
    action.setObjectName("automationRulesAction")

    def open_dialog() -> None:
        dialog = RulesDialog(store, window)
        if runner is not None:
            dialog.saved.connect(lambda _rules: runner.request())
        dialog.open()

    action.triggered.connect(open_dialog)
    menu.addSeparator()
    menu.addAction(action)
    return action
