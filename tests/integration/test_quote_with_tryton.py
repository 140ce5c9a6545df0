"""The account manager's call on a real trytond: Tryton's products and routing read, new demand
checked for a Tryton customer, quoted as a sale in quotation exactly once, and the hours found
held on a second check (the flow of tests/integration/test_quote_with_plant.py)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from app.cache.store import CacheStore
from app.sync.profiles import MemorySecrets, load_profiles
from tests.integration.live_console import shown_window, type_into
from tests.integration.test_console_with_tryton import set_up_in_the_dialog
from tests.integration.test_tryton_connector import _admin_read
from tests.integration.trytond_server import TrytonServer
from widgets.console_run import run_console

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("trytond")]


def test_new_demand_on_tryton_becomes_one_sale_in_quotation_and_holds_its_hours(
        qtbot, qloop, qapp, tmp_path: Path, trytond_server: TrytonServer) -> None:
    assert "routing" in trytond_server.seed, trytond_server.seed.get("routing_error")
    secrets = MemorySecrets()
    path = tmp_path / "sources.json"
    set_up_in_the_dialog(qtbot, qloop, path, secrets, trytond_server)
    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    seen: dict = {}

    def step() -> None:
        try:
            window = shown_window()
        except StopIteration:
            QTimer.singleShot(100, step)
            return
        view = window.views["planning"]
        panel = view.feasibility
        stage = seen.get("stage", "plan")
        if stage == "plan" and view.pages.currentIndex() == 1 \
                and panel.customer_box.count() > 0 and panel.product_box.findData("P-300") >= 0:
            window.switch_view("planning")
            seen["today"] = panel.today
            panel.line_box.setCurrentIndex(0)
            type_into(panel.customer_box.lineEdit(), "Acme Corp")
            panel.product_box.setCurrentIndex(panel.product_box.findData("P-300"))
            type_into(panel.quantity_edit, "40")
            type_into(panel.date_edit.line, (panel.today + timedelta(days=14)).isoformat())
            panel.check_button.click()
            seen["stage"] = "answer"
        elif stage == "answer" and panel.answer is not None and (
                panel.quote_button.isHidden()
                or panel.quote_button.width() >= panel.quote_button.sizeHint().width()):
            seen["first"] = panel.answer
            seen["answer_text"] = panel.answer_label.text()
            folder = os.environ.get("GEMBA_SCREENSHOTS")
            if folder:
                window.grab().save(str(Path(folder) / "planning-tryton.png"))
            if not panel.quote_button.isEnabled():
                seen["why_not"] = panel.why_not.text()
                window.close()
                return
            panel.quote_button.click()
            seen["stage"] = "quoted"
        elif stage == "quoted" and panel._promises and panel._promises[-1].delivered:
            seen["answer"] = panel._promises[-1].answer
            seen["status"] = panel.promise_status.text()
            seen["stage"] = "held"
        elif stage == "held" and any(h.active and h.order_id == seen["answer"]["id"]
                                     for h in view.planner.result.snapshot.holds):
            panel.check_button.click()
            seen["stage"] = "again"
        elif stage == "again" and panel.answer is not None and panel.answer is not seen["first"]:
            seen["second"] = panel.answer
            seen["held_text"] = panel.held_label.text()
            seen["ok"] = True
            window.close()
            return
        QTimer.singleShot(100, step)

    QTimer.singleShot(100, step)
    try:
        assert run_console(qapp, [], "planning", 120, None, store,
                           profiles=load_profiles(path), secrets=secrets) == 0
    finally:
        store.close()
    assert seen.get("ok"), f"stopped at stage {seen.get('stage')}: {seen}"
    first = seen["first"]
    assert first.earliest is not None, seen["answer_text"]  # Tryton's routing planned
    assert "40 × " in seen["answer_text"]
    sale_id = int(seen["answer"]["id"])
    sales = _admin_read(trytond_server, "sale.sale", [["id", "=", sale_id]],
                        ["state", "number", "comment"])
    assert [s["state"] for s in sales] == ["quotation"]
    assert sales[0]["number"] == seen["answer"]["number"]
    assert sales[0]["number"] in seen["status"]
    tag = sales[0]["comment"].split("]")[0] + "]"
    assert len(_admin_read(trytond_server, "sale.sale", [["comment", "like", f"%{tag}%"]],
                           ["id"])) == 1  # exactly once
    second = seen["second"]
    assert second.earliest >= first.earliest
    assert "1 quote" in seen["held_text"]
    assert isinstance(seen["today"], date)
