"""Settings → Automation rules…: a bad value is refused next to its field; saving persists."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from app.automation.rules.model import RuleAction
from app.automation.rules.store import load_rules
from app.cache.store import CacheStore
from tests.widgets.conftest import save_screenshot
from widgets.automation.rules_page import RulesDialog, install_rules_menu


def test_a_bad_number_of_hours_is_refused_next_to_the_field(qtbot, store: CacheStore) -> None:
    dialog = RulesDialog(store)
    qtbot.addWidget(dialog)
    row = dialog.row("order_without_wo")
    row.editor.setText("soon")
    assert row.error.text() == "Enter a number of hours."
    assert not row.error.isHidden()
    row.editor.setText("0")
    assert "more than 0" in row.error.text()
    dialog.resize(900, 420)
    dialog.show()
    save_screenshot(dialog, "rules-page.png")
    assert dialog.save() is False
    assert load_rules(store)[0].params == {"hours": 4}  # nothing stored
    row.editor.setText("6")
    assert row.error.text() == "" and row.error.isHidden()


def test_saving_persists(qtbot, store: CacheStore) -> None:
    dialog = RulesDialog(store)
    qtbot.addWidget(dialog)
    dialog.row("order_without_wo").editor.setText("8")
    dialog.row("slip").enabled.setChecked(False)
    complaint = dialog.row("complaint_severe")
    complaint.editor.setCurrentIndex(complaint.editor.findData("critical"))
    complaint.action.setCurrentIndex(complaint.action.findData("webhook"))
    complaint.target.setText("https://hooks.example/quality")
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save() is True
    rules = {r.id: r for r in load_rules(store)}
    assert rules["order_without_wo"].params["hours"] == 8
    assert rules["slip"].enabled is False
    assert rules["complaint_severe"].params == {"min_severity": "critical",
                                                "webhook_target": "https://hooks.example/quality"}
    assert rules["complaint_severe"].action == RuleAction.WEBHOOK
    again = RulesDialog(store)
    qtbot.addWidget(again)
    assert again.row("order_without_wo").editor.text() == "8"
    assert not again.row("slip").enabled.isChecked()


def test_the_settings_menu_opens_the_rules(qtbot, store: CacheStore) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    action = install_rules_menu(window, store)
    assert action is not None and action.text() == "Automation rules…"
    menu = next(a.menu() for a in window.menuBar().actions()
                if a.property("gembaMenu") == "settings")
    assert action in menu.actions()
    action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, RulesDialog) and w.isVisible()
                                for w in window.findChildren(RulesDialog)))


def test_the_release_rule_takes_a_product_family_and_only_line_rules_offer_release(
        qtbot, store: CacheStore) -> None:
    dialog = RulesDialog(store)
    qtbot.addWidget(dialog)
    release = dialog.row("release_family")
    assert not release.enabled.isChecked()  # off until the plant names a family
    assert release.action.currentData() == RuleAction.RELEASE.value
    assert dialog.row("complaint_severe").action.findData(RuleAction.RELEASE.value) == -1
    assert dialog.row("slip").family.isHidden()
    release.enabled.setChecked(True)
    release.editor.setText("2")
    release.family.setText("GU-31, P-110")
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save() is True
    rule = {r.id: r for r in load_rules(store)}["release_family"]
    assert rule.enabled and rule.action == RuleAction.RELEASE
    assert rule.params == {"hours": 2, "family": "GU-31, P-110"}
