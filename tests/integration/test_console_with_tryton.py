"""The console pointed at a real trytond from Settings → Connections: its orders and its
production show in the views (the README's picture comes from here with GEMBA_SCREENSHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.cache.store import CacheStore
from app.domain import WorkOrderStatus
from app.sync.profiles import MemorySecrets, SourceProfile, load_profiles
from tests.integration.live_console import shown_window
from tests.integration.test_console_with_plant import _close_when, _labels
from tests.integration.trytond_server import TrytonServer
from tests.widgets.connections_ui import run_test, type_into
from widgets.console_run import run_console
from widgets.settings.connections_dialog import ConnectionsDialog

# One trytond for these tests, in file order on one xdist worker: later tests change the records
# that earlier ones read as seeded.
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("trytond")]


def set_up_in_the_dialog(qtbot, qloop, path: Path, secrets: MemorySecrets,
                         server: TrytonServer) -> list[SourceProfile]:
    """Add Tryton as the CRM and as the MES, test each connection, save: as a person would."""
    dialog = ConnectionsDialog(None, path=path, secrets=secrets)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    for name, role in (("tryton-sales", "CRM"), ("tryton-production", "MES")):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        form.backend_combo.setCurrentIndex(form.backend_combo.findText("Tryton"))
        form.role_combo.setCurrentIndex(form.role_combo.findText(role))
        type_into(qtbot, form.name_edit, name)
        type_into(qtbot, form.url_edit, server.url)
        type_into(qtbot, form.instance_edit, server.database)
        type_into(qtbot, form.username_edit, server.login)
        type_into(qtbot, form.secret_edit, server.password)
        assert run_test(qloop, dialog).startswith(
            f"✓ Connection works: Tryton {server.series}")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.close()
    return saved.args[0]


def test_console_set_up_in_the_dialog_shows_trytons_orders_and_production(
        qtbot, qloop, qapp, tmp_path: Path, trytond_server: TrytonServer) -> None:
    made = trytond_server.seed["made_to_order"]  # KeyError here: the seed says what failed
    secrets = MemorySecrets()
    path = tmp_path / "sources.json"
    saved = set_up_in_the_dialog(qtbot, qloop, path, secrets, trytond_server)
    assert [(p.name, p.backend, p.role) for p in load_profiles(path)] == [
        (p.name, p.backend, p.role) for p in saved] == [
        ("tryton-sales", "tryton", "crm"), ("tryton-production", "tryton", "mes")]
    assert trytond_server.password not in path.read_text(encoding="utf-8")

    store = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    seen: dict = {}
    production_id = str(made["production"])

    def shown() -> bool:
        view = shown_window().views["orders"]
        if not (view.data is not None and production_id in view.data.work_orders
                and view.proxy.rowCount() >= 4
                and any(t.startswith("Data as of") for t in _labels("freshness"))):
            return False
        view.show_order(str(made["sale"]))  # as a click on the made-to-order sale would
        gantt = view.detail.gantt
        if gantt is None or not gantt.isVisible():
            return False
        seen["rows"] = [(r.label, r.planned is not None, r.actual is not None, r.running)
                        for r in gantt.rows]
        return len(gantt.rows) == 2

    _close_when(shown, seen)
    folder = os.environ.get("GEMBA_SCREENSHOTS")
    shot = Path(folder) / "orders-tryton.png" if folder else tmp_path / "orders-tryton.png"
    try:
        assert run_console(qapp, [], "orders", 90, shot, store,
                           profiles=load_profiles(path), secrets=secrets) == 0
        orders = {o.id: o for o in store.all("tryton-sales", "crm.orders")}
        work_orders = {w.id: w for w in store.all("tryton-production", "mes.work_orders")}
    finally:
        store.close()
    assert seen.get("ok"), "the console did not show Tryton's made-to-order production"
    assert {o.status.value for o in orders.values()} >= {"draft", "confirmed"}
    assert work_orders[str(trytond_server.seed["production"])].good > 0  # from its outputs
    # Both works of the running production, by their work centres' names: cutting on Saw 1
    # done, turning on Lathe 1 under way.
    number = work_orders[production_id].number
    assert seen["rows"] == [(f"{number} · 1 · Saw 1", True, True, False),
                            (f"{number} · 2 · Lathe 1", True, True, True)]
    running = work_orders[production_id]
    assert running.status == WorkOrderStatus.RUNNING
    assert [link.order_id for link in running.links] == [str(made["sale"])]
    assert shot.stat().st_size > 10_000
