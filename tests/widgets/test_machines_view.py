"""The Machines view over a hand-built cache: tree, filters, sorting, in-place updates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QCoreApplication

from app import domain as d
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from widgets.common.cache_counts import CacheCounts
from widgets.machines.machine_state import duration_text
from widgets.machines.machines_view import MachinesView
from widgets.machines.plant_snapshot import UNASSIGNED
from widgets.machines.tile_model import SortOrder

MES = "mes"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _status(machine_id: str, state: d.MachineState, good: int = 10,
            version: int = 1) -> d.MachineStatus:
    return d.MachineStatus(id=machine_id, version=version, state=state,
                           since=NOW - timedelta(minutes=5), good_count=Decimal(good),
                           reason="jam" if state == d.MachineState.DOWN else "")


@pytest.fixture
def plant(store: CacheStore) -> CacheStore:
    E, L = d.Equipment, d.EquipmentLevel
    store.upsert(MES, "mes.sites", [d.Site(id="S", name="Gear Works", time_zone="UTC")])
    store.upsert(MES, "mes.equipment", [
        E(id="A", site_id="S", level=L.AREA, name="Machining"),
        E(id="LN", site_id="S", level=L.LINE, name="Line 1", parent_id="A"),
        E(id="WC-T", site_id="S", level=L.WORK_CENTER, name="Turning", parent_id="LN"),
        E(id="WC-M", site_id="S", level=L.WORK_CENTER, name="Milling", parent_id="LN"),
        E(id="M-1", site_id="S", level=L.MACHINE, name="Lathe 1", parent_id="WC-T"),
        E(id="M-2", site_id="S", level=L.MACHINE, name="Lathe 2", parent_id="WC-T"),
        E(id="M-3", site_id="S", level=L.MACHINE, name="Mill 1", parent_id="WC-M"),
    ])
    store.upsert(MES, "mes.machine_status", [
        _status("M-1", d.MachineState.RUNNING), _status("M-2", d.MachineState.IDLE),
        _status("M-3", d.MachineState.RUNNING), _status("X-9", d.MachineState.OFFLINE)])
    store.mark_synced(MES, "mes.machine_status", at=NOW)
    return store


@pytest.fixture
def view(qtbot, plant: CacheStore, bridge, clock) -> MachinesView:
    counts = CacheCounts(plant, bridge)
    made = MachinesView(counts, bridge, plant, clock)
    qtbot.addWidget(made)
    made.resize(1000, 700)
    made.show()
    qtbot.waitUntil(lambda: made.model.rowCount() == 4)
    return made


def names(view: MachinesView) -> list[str]:
    return [view.tile_at(row).name for row in range(view.proxy.rowCount())]


def test_models_pass_the_model_tester(view, qtmodeltester) -> None:
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_tree_lists_the_plant_and_unassigned_machines(view) -> None:
    top = [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]
    assert top == ["All machines", "Gear Works", "Unassigned (mes)"]
    site = view.tree.topLevelItem(1)
    line = site.child(0).child(0)
    assert [line.child(i).text(0) for i in range(line.childCount())] == ["Milling", "Turning"]
    view.tree.choose((MES, "work_center", "WC-T"))
    assert sorted(names(view)) == ["Lathe 1", "Lathe 2"]
    view.tree.choose((MES, UNASSIGNED, ""))
    assert names(view) == ["X-9"]
    view.tree.choose(None)
    assert view.proxy.rowCount() == 4


def test_text_filter_and_sorting(view) -> None:
    # Most urgent first: offline before idle before running.
    assert names(view) == ["X-9", "Lathe 2", "Lathe 1", "Mill 1"]
    view.sort.setCurrentIndex(int(SortOrder.NAME))
    assert names(view) == ["Lathe 1", "Lathe 2", "Mill 1", "X-9"]
    view.filter.setText("idle")
    assert names(view) == ["Lathe 2"]
    view.filter.setText("nothing like it")
    assert view.right.currentWidget() is view.no_match
    view.filter.clear()
    assert view.right.currentWidget() is view.grid


def test_status_changes_update_tiles_in_place(qtbot, view, plant, bridge) -> None:
    tile = view.model.tile((MES, "M-3"))
    resets = []
    view.model.modelReset.connect(lambda: resets.append(1))
    plant.upsert(MES, "mes.machine_status", [_status("M-3", d.MachineState.DOWN, 42, 2),
                                              _status("N-1", d.MachineState.IDLE)])
    changes = ChangeSet()
    changes.add_upserted("mes.machine_status", MES, ["M-3", "N-1"])
    with qtbot.waitSignal(view.model.dataChanged):
        bridge.publish_changes(changes)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    assert view.model.tile((MES, "M-3")) is tile
    assert (tile.state, tile.reason, tile.good) == (d.MachineState.DOWN, "jam", 42)
    assert list(tile.trend)[-2:] == [10.0, 42.0]
    assert names(view)[0] == "Mill 1"  # down comes first
    assert resets == []  # never rebuilt
    assert "1 down" in view.summary.text()


def test_empty_state_without_machine_data(qtbot, store, bridge, clock) -> None:
    made = MachinesView(CacheCounts(store, bridge), bridge, store, clock)
    qtbot.addWidget(made)
    assert made.pages.currentWidget() is made.empty_state
    assert made.empty_state.title_label.text() == "No machine data yet"


def test_duration_text() -> None:
    assert duration_text(timedelta(minutes=7)) == "7 min"
    assert duration_text(timedelta(hours=3, minutes=5)) == "3 h 05 min"
    assert duration_text(timedelta(days=3, hours=4)) == "3 d 4 h"
    assert duration_text(timedelta(seconds=-30)) == "0 min"
    QCoreApplication.processEvents()


def test_summary_shows_the_oee_of_the_machines_shown(view) -> None:
    from app.analytics.oee import OeeFigures

    # Lathe 1 ran 6 of 8 h, Lathe 2 ran 2 of 8 h: the work center ran 8 of 16 h (50 %),
    # not the average of 75 % and 25 % weighted any other way.
    def figures(run_hours: float) -> OeeFigures:
        return OeeFigures(planned_busy_seconds=8 * 3600, actual_production_seconds=run_hours * 3600,
                          unplanned_down_seconds=0, ideal_output_seconds=run_hours * 3600,
                          good=100, scrap=0)

    view._on_oee({(MES, "M-1"): figures(6), (MES, "M-2"): figures(2), (MES, "M-3"): figures(8)})
    view.tree.choose((MES, "work_center", "WC-T"))
    assert view.summary.text().endswith("OEE 50% (A 50% · P 100% · Q 100%)")
    view.tree.choose(None)
    assert view.summary.text().endswith("OEE 67% (A 67% · P 100% · Q 100%)")


def test_the_detail_shows_the_last_hour_before_an_hour_of_signals_came_in(qtbot, view) -> None:
    detail = view.open_detail((MES, "M-1"))
    qtbot.addWidget(detail)
    qtbot.waitUntil(lambda: detail.data is not None)
    start, end = detail.signals_plot.getViewBox().viewRange()[0]
    now = view.plant_now().timestamp()
    assert (round(start), round(end)) == (round(now - 3600), round(now))
