"""The Quality view over a hand-filled cache: chart, limits, violations in words, the
measurements behind them, capability, Pareto, "Recompute limits" and the empty states."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest

from app import domain as d
from app.analytics.spc import ChartKind
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.common.cache_counts import CacheCounts
from widgets.quality.quality_compute import Window
from widgets.quality.quality_models import PointsModel, ViolationsModel
from widgets.quality.quality_view import QualityView

SOURCE = "demo-mes"
BASELINE = 25
SPIKE = 27  # the measurement that lands far beyond the upper control limit
# Hand-made values around 10 with no run, trend or alternation long enough for another rule.
VALUES = [10.02, 9.97, 10.01, 9.99, 10.03, 9.98, 10.00, 10.02, 9.96, 10.01,
          9.99, 10.04, 9.98, 10.00, 10.01, 9.97, 10.02, 9.99, 10.00, 10.03,
          9.98, 10.01, 9.99, 10.02, 9.97, 10.00, 10.01, 10.30, 9.99, 10.01]


def characteristic(cid: str, *, critical: bool, size: int = 1) -> d.Characteristic:
    return d.Characteristic(
        id=cid, product_id="P-1", operation_sequence=10, name=f"Bore {cid}", unit="mm",
        lsl=Decimal("9.90"), usl=Decimal("10.10"), target=Decimal("10.00"),
        subgroup_size=size, critical=critical)


def fill(store: CacheStore, now, values=VALUES, first_id: int = 0,
         start_hours: float = 6.0) -> list[d.Measurement]:
    start = now - timedelta(hours=start_hours)
    rows = [d.Measurement(
        id=f"MS-{first_id + i:05d}", characteristic_id="CH-CRIT", value=Decimal(str(v)),
        measured_at=start + timedelta(minutes=5 * i), lot_id=f"LOT-{(first_id + i) // 10}",
        work_order_id="WO-1", machine_id="M-1") for i, v in enumerate(values)]
    store.upsert(SOURCE, "mes.measurements", rows)
    return rows


@pytest.fixture
def filled(store: CacheStore, clock) -> CacheStore:
    store.upsert(SOURCE, "mes.products", [d.Product(id="P-1", code="P-1", name="Housing",
                                                     unit="pcs")])
    store.upsert(SOURCE, "mes.characteristics", [
        characteristic("CH-AAA", critical=False),  # sorts first, but is not critical
        characteristic("CH-CRIT", critical=True),
        characteristic("CH-NONE", critical=False)])
    store.upsert(SOURCE, "mes.lots", [
        d.Lot(id=f"LOT-{n}", number=f"L-{700 + n}", product_id="P-1", kind=d.LotKind.WIP,
              quantity=Decimal(10), unit="pcs", created_at=clock.now) for n in range(3)])
    store.upsert(SOURCE, "mes.equipment", [d.Equipment(
        id="M-1", site_id="S", level=d.EquipmentLevel.MACHINE, name="CNC 2-1")])
    fill(store, clock.now)
    store.upsert(SOURCE, "mes.defects", [
        d.DefectRecord(id=f"DF-{i}", code=code, quantity=Decimal(q), product_id="P-1",
                       machine_id="M-1", recorded_at=clock.now - timedelta(hours=1))
        for i, (code, q) in enumerate([("BURR", 5), ("DIM-OOT", 9), ("SCRATCH", 2),
                                       ("BURR", 1)])])
    return store


@pytest.fixture
def make_view(qtbot, bridge: SyncBridge, clock):
    def make(store: CacheStore) -> QualityView:
        counts = CacheCounts(store, bridge)
        view = QualityView(counts, bridge, store, clock)
        qtbot.addWidget(view)
        view.resize(1100, 700)
        return view
    return make


def shown(qtbot, view: QualityView) -> QualityView:
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.show()
    return view


def hand_limits(values) -> tuple[float, float, float]:
    x = np.array(values[:BASELINE])
    centre = x.mean()
    sigma = np.abs(np.diff(x)).mean() / 1.128
    return centre - 3 * sigma, centre, centre + 3 * sigma


def test_default_pick_is_the_critical_characteristic_with_its_chart(qtbot, make_view, filled
                                                                    ) -> None:
    view = shown(qtbot, make_view(filled))
    content = view.content
    assert view.result.characteristic.id == "CH-CRIT"
    assert "critical" in content.pickers.characteristic.currentText()
    assert content.pickers.current_chart() is ChartKind.I_MR  # subgroup size 1
    primary = content.chart.primary
    assert len(primary.y) == len(VALUES)
    lcl, centre, ucl = hand_limits(VALUES)
    assert primary.centre.value() == pytest.approx(centre)
    assert primary.ucl.value() == pytest.approx(ucl)
    assert primary.lcl.value() == pytest.approx(lcl)
    assert SPIKE in content.chart.marked_points("primary")


def test_violation_in_words_and_the_lots_behind_it(qtbot, make_view, filled) -> None:
    view = shown(qtbot, make_view(filled))
    model = view.content.violations_model
    rules = [model.index(r, ViolationsModel.Column.RULE).data() for r in range(model.rowCount())]
    assert "A point beyond the control limits (3 sigma)" in rules
    view.select_violation(rules.index("A point beyond the control limits (3 sigma)"))
    points = view.content.points_model
    assert points.rowCount() >= 1
    lots = {points.index(r, PointsModel.Column.LOT).data() for r in range(points.rowCount())}
    assert "L-702" in lots  # measurement 27 belongs to LOT-2, numbered L-702
    machines = {points.index(r, PointsModel.Column.MACHINE).data()
                for r in range(points.rowCount())}
    assert machines == {"CNC 2-1"}


def test_clicking_a_marked_point_lists_its_measurements(qtbot, make_view, filled) -> None:
    view = shown(qtbot, make_view(filled))
    view.content.chart.point_clicked.emit(SPIKE)
    points = view.content.points_model
    values = [points.index(r, PointsModel.Column.VALUE).data() for r in range(points.rowCount())]
    assert "10.3" in values


def test_capability_and_pareto(qtbot, make_view, filled) -> None:
    view = shown(qtbot, make_view(filled))
    x = np.array(VALUES)
    sigma_within = np.abs(np.diff(x)).mean() / 1.128
    cp = (10.10 - 9.90) / (6 * sigma_within)
    pp = (10.10 - 9.90) / (6 * x.std(ddof=1))
    figures = view.content.capability.figures
    assert figures["Cp"].text() == f"{cp:.2f}"
    assert figures["Pp"].text() == f"{pp:.2f}"
    assert figures["Cpk"].text() != "—"
    assert [b.label for b in view.content.pareto.bars] == ["DIM-OOT", "BURR", "SCRATCH"]
    assert [b.value for b in view.content.pareto.bars] == [9, 6, 2]
    assert view.content.pareto.bars[-1].cumulative_share == 1.0


def test_limits_change_only_when_recompute_is_pressed(qtbot, make_view, filled, bridge, clock
                                                      ) -> None:
    view = shown(qtbot, make_view(filled))
    before = view.content.chart.primary.ucl.value()
    # Wider-spread measurements arrive earlier in the window: they would be the new baseline.
    wide = [10.0 + (0.08 if i % 3 else -0.07) * (1 + i % 4) for i in range(BASELINE)]
    rows = fill(filled, clock.now, wide, first_id=100, start_hours=12)
    changes = ChangeSet()
    changes.add_upserted("mes.measurements", SOURCE, [r.id for r in rows])
    with qtbot.waitSignal(view.updated, timeout=10_000):
        bridge.publish_changes(changes)
    assert len(view.content.chart.primary.y) == len(VALUES) + BASELINE
    assert view.content.chart.primary.ucl.value() == pytest.approx(before)

    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.content.pickers.recompute.click()
    _, _, ucl = hand_limits(wide)
    assert view.content.chart.primary.ucl.value() == pytest.approx(ucl)
    assert view.content.chart.primary.ucl.value() != pytest.approx(before)


def test_unrelated_cache_changes_do_not_recompute(qtbot, make_view, filled, bridge) -> None:
    view = shown(qtbot, make_view(filled))
    changes = ChangeSet()
    changes.add_upserted("crm.orders", "demo-crm", ["O-1"])
    bridge.publish_changes(changes)
    assert view._running is None and not view._wanted


def test_a_characteristic_without_measurements_in_the_window(qtbot, make_view, filled) -> None:
    view = shown(qtbot, make_view(filled))
    pickers = view.content.pickers
    with qtbot.waitSignal(view.updated, timeout=10_000):
        pickers.characteristic.setCurrentIndex(pickers.characteristic.findText(
            "Bore CH-NONE (mm)"))
    assert view.content.stack.currentWidget() is view.content.no_data
    assert view.content.no_data.title_label.text() == "No measurements in this window"
    with qtbot.waitSignal(view.updated, timeout=10_000):
        pickers.characteristic.setCurrentIndex(pickers.characteristic.findText(
            "Bore CH-CRIT (mm) · critical"))
    with qtbot.waitSignal(view.updated, timeout=10_000):
        pickers.window.setCurrentIndex(pickers.window.findData(Window.LAST_8H))
    assert view.content.stack.currentWidget() is view.content.main
    assert view.result.selection.window is Window.LAST_8H


def test_empty_cache_says_why(qtbot, make_view, store) -> None:
    view = make_view(store)
    with qtbot.waitSignal(view.catalogue_loaded, timeout=10_000):
        view.show()
    assert view.stack.currentWidget() is view.empty_state
    assert view.empty_state.title_label.text() == "No quality characteristics cached yet"
    assert view.content is None


def test_item_models_pass_the_model_tester(qtbot, qtmodeltester, make_view, filled) -> None:
    view = shown(qtbot, make_view(filled))
    view.select_violation(0)
    qtmodeltester.check(view.content.violations_model)
    qtmodeltester.check(view.content.points_model)
