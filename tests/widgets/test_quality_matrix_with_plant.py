"""Against the real demo plant: a drift injected on a characteristic that is not critical, through
the plant's control API, shows in the quality matrix as rule violations, flagged in amber,
without an alarm; opening its row shows the chart with the same violations."""

from __future__ import annotations

import re
from datetime import datetime

import httpx
from PySide6.QtCore import Qt

from app.analytics.quality_matrix import Status
from app.analytics.quality_watch import WatchState
from app.runtime.spc_watch import check_critical
from app.sync.engine import SyncEngine
from app.sync.sources import demo_sources
from tests.widgets.conftest import FakeClock
from widgets.common.cache_counts import CacheCounts
from widgets.quality.matrix_model import FLAG, MatrixModel
from widgets.quality.quality_view import QualityView

DRIFT_HOURS = 6


def _plant_now(client: httpx.Client) -> datetime:
    return datetime.fromisoformat(client.get("/sim/v1/clock").json()["now"])


def test_drift_on_a_non_critical_characteristic_shows_in_the_matrix(
        qtbot, qloop, bridge, plant_url, plant_store) -> None:
    engine = SyncEngine.for_sources(demo_sources(plant_url), plant_store, events=bridge)

    def poll() -> None:
        qloop.run_until_complete(engine.poller.sync_source_once("demo-mes"))

    try:
        with httpx.Client(base_url=plant_url, timeout=30) as client:
            clock = FakeClock(_plant_now(client))
            poll()
            view = QualityView(CacheCounts(plant_store, bridge), bridge, plant_store, clock)
            qtbot.addWidget(view)
            view.resize(1280, 720)
            with qtbot.waitSignal(view.updated, timeout=30_000):
                view.show()
            panel = view.matrix
            with qtbot.waitSignal(panel.updated, timeout=30_000):
                view.show_matrix()
            before = {r.characteristic.id: r for r in panel.visible_rows()}

            # The control API says what it cannot do.
            assert client.post("/sim/v1/scenarios/drift", params={
                "characteristic_id": "CH-NOPE"}).status_code == 404
            assert client.post("/sim/v1/scenarios/drift", params={
                "critical": "maybe"}).status_code == 400
            answer = client.post("/sim/v1/scenarios/drift", params={"critical": "false"})
            assert answer.status_code == 200, answer.text
            drifted = re.search(r"(CH-[\w-]+) \(", answer.json()["description"]).group(1)
            began = clock.now
            assert client.post("/sim/v1/clock/advance",
                               json={"seconds": DRIFT_HOURS * 3600}).status_code == 200
            clock.now = _plant_now(client)
        # The matrix on screen reads again when the sync brings the new measurements.
        poll()
        qtbot.waitUntil(lambda: any(
            r.characteristic.id == drifted and r.violations > before[drifted].violations
            for r in panel.visible_rows()), timeout=30_000)

        rows = {r.characteristic.id: r for r in panel.visible_rows()}
        row = rows[drifted]
        assert not row.critical
        assert row.last_violation_at is not None and row.last_violation_at >= began
        assert row.status in (Status.OUT_OF_CONTROL, Status.OUT_OF_CONTROL_AND_WEAK)
        assert before[drifted].last_violation_at is None or \
            before[drifted].last_violation_at < began
        # Worst first: it sorts above every characteristic without violations.
        order = [r.characteristic.id for r in panel.visible_rows()]
        assert all(order.index(drifted) < order.index(cid) for cid, r in rows.items()
                   if not r.violations)

        # What a person sees in its line of the table: the count, flagged, and "not critical".
        proxy_row = order.index(drifted)
        cell = panel.proxy.index(proxy_row, MatrixModel.Column.VIOLATIONS)
        assert cell.data() == str(row.violations)
        assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == FLAG
        assert panel.proxy.index(proxy_row, MatrixModel.Column.CRITICAL).data() == "—"
        assert "no alarm" in cell.data(Qt.ItemDataRole.ToolTipRole)

        # Narrowed to its work center, the row is still there; filtered by name too.
        assert panel.select_place(row.work_center_id)
        assert drifted in {r.characteristic.id for r in panel.visible_rows()}
        panel.only_violations.setChecked(True)
        assert all(r.violations for r in panel.visible_rows())

        # Not critical: the SPC watch that raises alarms does not report it.
        found = check_critical(plant_store, WatchState(), clock.now)
        assert drifted not in {f.characteristic.id for f in found}

        # Enter on its row opens its chart, with the violations the matrix counted.
        proxy_row = [r.characteristic.id for r in panel.visible_rows()].index(drifted)
        panel.table.setFocus()
        panel.table.setCurrentIndex(panel.proxy.index(proxy_row, 1))
        with qtbot.waitSignal(view.updated, timeout=30_000):
            qtbot.keyClick(panel.table, Qt.Key.Key_Return)
        assert view.content.tabs.currentWidget() is view.content.chart_page
        assert view.result.characteristic.id == drifted
        assert view.result.selection.machine_id is None
        assert len(view.result.violations) == row.violations
    finally:
        qloop.run_until_complete(engine.stop())
