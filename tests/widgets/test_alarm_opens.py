"""An alarm opens what it names: double-clicked in the alarm list, a machine's alarm opens the
machine's detail in Machines, and an affected order opens the order in Orders."""

from __future__ import annotations

from datetime import timedelta

from app.automation.alerts import AffectedOrder, Alert, AlertKind
from app.cache.store import CacheStore
from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot, work_order
from widgets.alerts.alert_list import ORDER_ROLE

NOW = local(MONDAY, 6)


def test_an_alarm_opens_its_machine_and_its_order(qtbot, make_window, store: CacheStore,
                                                   clock) -> None:
    fill_cache(store, snapshot(NOW, work_orders=[work_order("W1", 100,
                                                            links=(("O1", 1, 100),))],
                               orders=[order("O1", "SO-1", 100, promised=MONDAY)]))
    clock.now = NOW
    window = make_window(store=store)
    machine = next(iter(store.ids("mes", "mes.equipment")))
    affected = AffectedOrder("crm", "O1", "SO-1", "C-1", "C-1", False,
                             MONDAY + timedelta(days=3))
    window.alert_center.raise_alert(Alert(
        key="machine_down:mes:test", kind=AlertKind.MACHINE_DOWN, source="mes",
        subject_id=machine, subject_name="Lathe", since=NOW, raised_at=NOW,
        affected=(affected,)))
    qtbot.waitUntil(window.alert_bar.isVisible)
    window.alert_bar.show_all_button.click()
    alarms = window.alert_bar.dialog
    top = alarms.tree.topLevelItem(0)

    alarms.tree.itemDoubleClicked.emit(top, 0)
    assert window.current_view_name() == "machines"
    assert (("mes", machine)) in window.views["machines"]._details

    child = top.child(0)
    assert child.data(0, ORDER_ROLE) == affected
    alarms.tree.itemDoubleClicked.emit(child, 3)
    assert window.current_view_name() == "orders"
    orders = window.views["orders"]
    qtbot.waitUntil(lambda: orders.current_row() is not None
                    and orders.current_row().order_id == "O1", timeout=10_000)


def test_an_spc_alarm_opens_its_chart_with_the_violation_selected(qtbot, make_window,
                                                                 store: CacheStore,
                                                                 clock) -> None:
    from tests.widgets.test_quality_view import SOURCE, SPIKE, characteristic, fill

    store.upsert(SOURCE, "mes.characteristics", [characteristic("CH-AAA", critical=False),
                                                 characteristic("CH-CRIT", critical=True)])
    rows = fill(store, clock.now)
    window = make_window(store=store)
    spike_at = rows[SPIKE].measured_at
    window.alert_center.raise_alert(Alert(
        key=f"spc_rule:{SOURCE}:CH-CRIT:nelson-1:{spike_at.isoformat()}",
        kind=AlertKind.SPC_RULE, source=SOURCE, subject_id="CH-CRIT",
        subject_name="Bore CH-CRIT", since=spike_at, raised_at=clock.now, rule="nelson-1"))
    (alarm,) = window.alert_center.alarms()

    quality = window.open_alarm(alarm)
    assert window.current_view_name() == "quality"
    qtbot.waitUntil(lambda: quality.content is not None
                    and quality.background.pending == 0
                    and quality.content.violations_table.selectionModel().hasSelection(),
                    timeout=10_000)
    assert quality.result.selection.characteristic_id == "CH-CRIT"
    (row,) = {i.row() for i in quality.content.violations_table.selectionModel().selectedRows()}
    assert quality.result.violations[row].rule == "nelson-1"
    assert quality.content.points_model.rowCount() >= 1  # the measurements behind it
