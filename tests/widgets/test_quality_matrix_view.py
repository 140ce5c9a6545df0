"""Quality by line over a hand-filled cache: every characteristic of a line in one table, worst
first, non-critical violations flagged, narrowed by line, work center and text; a row opens its
chart; and the chart's time axis in the site's zone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from app import domain as d
from app.analytics.quality_matrix import Status
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.common.cache_counts import CacheCounts
from widgets.quality.matrix_model import CRITICAL_FLAG, FLAG, MatrixModel
from widgets.quality.quality_view import QualityView

SOURCE = "demo-mes"
# Around 10, no rule fires (seeded normal values, checked); SPIKED has one point far beyond
# the upper limit.
STEADY = [9.987, 9.997, 10.033, 10.013, 9.967, 10.0, 9.988, 10.003, 9.968, 10.005,
          10.005, 10.032, 10.006, 10.01, 9.97, 10.045, 9.962, 10.022, 9.993, 9.982,
          9.987, 9.987, 10.008, 9.998, 10.03, 9.963, 10.0, 9.982, 10.016, 9.958]
SPIKED = STEADY[:27] + [10.30] + STEADY[28:]


def characteristic(cid: str, product: str, *, critical: bool) -> d.Characteristic:
    return d.Characteristic(
        id=cid, product_id=product, operation_sequence=10, name=f"Bore {cid}", unit="mm",
        lsl=Decimal("9.90"), usl=Decimal("10.10"), target=Decimal("10.00"), subgroup_size=1,
        critical=critical)


def product(pid: str, work_center: str) -> d.Product:
    return d.Product(id=pid, code=pid, name=pid, unit="pcs", routing=d.Routing(operations=[
        d.OperationTemplate(sequence=10, name="Bore", work_center_id=work_center,
                            setup_minutes=Decimal(5), run_seconds_per_unit=Decimal(60))]))


def equipment(eid: str, level: d.EquipmentLevel, name: str, parent: str | None
              ) -> d.Equipment:
    return d.Equipment(id=eid, site_id="S-1", level=level, name=name, parent_id=parent)


def measured(store: CacheStore, cid: str, values: list[float], now) -> None:
    start = now - timedelta(hours=6)
    store.upsert(SOURCE, "mes.measurements", [d.Measurement(
        id=f"{cid}-{i}", characteristic_id=cid, value=Decimal(str(v)),
        measured_at=start + timedelta(minutes=5 * i), machine_id="M-1")
        for i, v in enumerate(values)])


@pytest.fixture
def plant(store: CacheStore, clock) -> CacheStore:
    line, wc = d.EquipmentLevel.LINE, d.EquipmentLevel.WORK_CENTER
    store.upsert(SOURCE, "mes.sites", [d.Site(id="S-1", name="Taipei",
                                              time_zone="Asia/Taipei")])
    store.upsert(SOURCE, "mes.equipment", [
        equipment("LN-1", line, "Line 1 – Shafts", None),
        equipment("LN-2", line, "Line 2 – Housings", None),
        equipment("WC-110", wc, "CNC turning", "LN-1"),
        equipment("WC-210", wc, "Machining centers", "LN-2"),
        equipment("WC-220", wc, "Drilling", "LN-2")])
    store.upsert(SOURCE, "mes.products", [product("P-1", "WC-110"), product("P-2", "WC-210"),
                                          product("P-3", "WC-220")])
    store.upsert(SOURCE, "mes.characteristics", [
        characteristic("CH-CRIT", "P-1", critical=True),
        characteristic("CH-HOLE", "P-2", critical=False),
        characteristic("CH-FLAT", "P-3", critical=False)])
    measured(store, "CH-CRIT", STEADY, clock.now)
    measured(store, "CH-HOLE", SPIKED, clock.now)
    return store


@pytest.fixture
def view(qtbot, bridge: SyncBridge, clock, plant: CacheStore) -> QualityView:
    shown = QualityView(CacheCounts(plant, bridge), bridge, plant, clock)
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    with qtbot.waitSignal(shown.updated, timeout=10_000):
        shown.show()
    with qtbot.waitSignal(shown.matrix.updated, timeout=10_000):
        shown.show_matrix()
    return shown


def ids(view: QualityView) -> list[str]:
    return [r.characteristic.id for r in view.matrix.visible_rows()]


def cell(view: QualityView, cid: str, column: MatrixModel.Column,
         role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
    return view.matrix.proxy.index(ids(view).index(cid), column).data(role)


def test_every_characteristic_worst_first_with_non_critical_violations_flagged(
        qtbot, qtmodeltester, view) -> None:
    assert ids(view) == ["CH-HOLE", "CH-CRIT", "CH-FLAT"]
    Column = MatrixModel.Column  # noqa: N806 (an enum, read as one)
    assert int(cell(view, "CH-HOLE", Column.VIOLATIONS)) >= 1
    assert cell(view, "CH-HOLE", Column.STATUS).startswith("Out of control")
    assert cell(view, "CH-HOLE", Column.VIOLATIONS,
                Qt.ItemDataRole.BackgroundRole).color() == FLAG
    assert cell(view, "CH-HOLE", Column.CRITICAL) == "—"
    assert cell(view, "CH-CRIT", Column.CRITICAL) == "critical"
    assert cell(view, "CH-CRIT", Column.VIOLATIONS) == "0"
    assert cell(view, "CH-CRIT", Column.VIOLATIONS, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(view, "CH-FLAT", Column.STATUS) == "Too few points"
    assert cell(view, "CH-HOLE", Column.WORK_CENTER) == "Machining centers"
    assert "3 characteristics · 1 with rule violations (0 critical)" in \
        view.matrix.summary.text()
    assert CRITICAL_FLAG != FLAG
    qtmodeltester.check(view.matrix.model)


def test_narrowed_to_a_line_a_work_center_a_text_or_violations(view) -> None:
    panel = view.matrix
    names = [panel.place.itemText(i).strip() for i in range(panel.place.count())]
    assert names == ["All lines", "Line 1 – Shafts", "CNC turning", "Line 2 – Housings",
                     "Machining centers", "Drilling"]
    assert panel.select_place("LN-2")
    assert ids(view) == ["CH-HOLE", "CH-FLAT"]
    assert panel.select_place("WC-220")
    assert ids(view) == ["CH-FLAT"]
    panel.place.setCurrentIndex(0)
    panel.filter.setText("crit")
    assert ids(view) == ["CH-CRIT"]
    panel.filter.clear()
    panel.only_violations.setChecked(True)
    assert ids(view) == ["CH-HOLE"]


def test_a_sorted_column_and_a_new_measurement_keep_the_table_right(qtbot, view, plant, clock,
                                                                     bridge) -> None:
    panel = view.matrix
    panel.table.sortByColumn(MatrixModel.Column.CHARACTERISTIC, Qt.SortOrder.AscendingOrder)
    assert ids(view) == ["CH-CRIT", "CH-HOLE", "CH-FLAT"]  # P-1, P-2, P-3
    panel.table.sortByColumn(MatrixModel.Column.STATUS, Qt.SortOrder.AscendingOrder)
    measured(plant, "CH-FLAT", SPIKED, clock.now)
    changes = ChangeSet()
    changes.add_upserted("mes.measurements", SOURCE, ["CH-FLAT-27"])
    with qtbot.waitSignal(panel.updated, timeout=10_000):
        bridge.publish_changes(changes)
    rows = {r.characteristic.id: r for r in panel.visible_rows()}
    assert rows["CH-FLAT"].status in (Status.OUT_OF_CONTROL, Status.OUT_OF_CONTROL_AND_WEAK)


def test_double_click_opens_the_chart_of_the_row(qtbot, view) -> None:
    from widgets.quality.quality_compute import Window

    panel = view.matrix
    panel.window.setCurrentIndex(panel.window.findData(Window.LAST_8H))
    qtbot.waitUntil(lambda: panel.model.window_text == "Last 8 h", timeout=10_000)
    row = ids(view).index("CH-HOLE")
    rect = panel.table.visualRect(panel.proxy.index(row, 1))
    count = view.matrix.visible_rows()[row].violations
    # A double-click is a press, a release, then the double-click.
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.updated, timeout=10_000):
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert view.content.tabs.currentWidget() is view.content.chart_page
    assert view.result.characteristic.id == "CH-HOLE"
    assert view.result.selection.window is Window.LAST_8H  # the same window, the same count
    assert len(view.result.violations) == count


def test_the_chart_on_a_time_axis_in_the_site_zone(qtbot, view) -> None:
    chart = view.content.chart
    view.content.tabs.setCurrentWidget(view.content.chart_page)
    points = list(chart.primary.x)
    assert points == list(range(len(STEADY)))  # subgroup (here: measurement) numbers
    view.content.pickers.time_axis.setChecked(True)
    axis = chart.secondary.plot.getAxis("bottom")
    assert isinstance(axis, pg.DateAxisItem)
    assert axis.utcOffset == -8 * 3600  # Taipei: eight hours east
    assert "Asia/Taipei" in axis.labelText
    times = [g.at.timestamp() for g in view.result.groups]
    assert list(chart.primary.x) == times
    # Violations stay marked on the same measurements, now at their times.
    assert chart.marked_points("primary") == []
    view.open_characteristic(SOURCE, "CH-HOLE")
    qtbot.waitUntil(lambda: view.result.characteristic.id == "CH-HOLE", timeout=10_000)
    times = [g.at.timestamp() for g in view.result.groups]
    assert chart.primary.x.tolist() == times  # the next chart keeps the time axis
    assert chart.primary.y.tolist() == view.result.chart.primary.values.tolist()
    assert chart.marked_points("primary") == [27]
    assert chart.primary.mark_x.tolist() == [times[27]]
    view.content.pickers.time_axis.setChecked(False)
    assert not isinstance(chart.secondary.plot.getAxis("bottom"), pg.DateAxisItem)
    assert list(chart.primary.x) == list(range(len(STEADY)))
