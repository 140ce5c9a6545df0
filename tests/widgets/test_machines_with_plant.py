"""Against the real demo plant: a machine forced down turns its tile vermillion with the word
"down" after one poll, and one alert names the orders it hurts — once, not on every poll."""

from __future__ import annotations

import httpx
from PySide6.QtCore import QPoint

from app.automation.alerts import AlertKind
from app.domain import MachineState
from app.runtime.machine_impact import orders_affected_by_machine
from app.sync.engine import SyncEngine
from app.sync.sources import demo_sources
from widgets.machines.machine_state import STATE_COLOURS
from widgets.machines.tile_delegate import BAND_HEIGHT

REASON = "spindle bearing"



def test_machine_down_turns_its_tile_and_raises_one_alert(
        qtbot, qloop, bridge, plant_url, plant_store, make_window) -> None:
    engine = SyncEngine.for_sources(demo_sources(plant_url), plant_store, events=bridge)

    def poll() -> None:
        for source in ("demo-mes", "demo-crm"):
            qloop.run_until_complete(engine.poller.sync_source_once(source))

    window = make_window(store=plant_store)
    window.switch_view("machines")
    view = window.views["machines"]
    center = window.alert_center
    try:
        poll()
        qtbot.waitUntil(lambda: view.model.rowCount() >= 20, timeout=10_000)
        assert view.pages.currentWidget() is view.splitter
        # A machine with open work waiting on it, so its downtime hurts orders.
        machine = next(t for t in view.model.tiles()
                       if t.state != MachineState.DOWN and orders_affected_by_machine(
                           plant_store, "demo-mes", "demo-crm", t.id))
        raised = []
        center.raised.connect(raised.append)

        with httpx.Client(base_url=plant_url) as client:
            answer = client.put(f"/sim/v1/machines/{machine.id}/state",
                                json={"state": "down", "reason": REASON})
            assert answer.status_code == 200, answer.text
            poll()  # one poll
            tile = view.model.tile(machine.key)
            qtbot.waitUntil(lambda: tile.state == MachineState.DOWN, timeout=5000)

            # Down sorts first; the painted band is vermillion and says "down".
            view.filter.setText(machine.name)
            qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
            assert view.tile_at(0) is tile

            def band_colour() -> str:
                rect = view.grid.visualRect(view.proxy.index(0, 0))
                image = view.grid.viewport().grab(rect).toImage()
                return image.pixelColor(QPoint(5, BAND_HEIGHT // 2)).name()  # left of the word

            # The grid lays its items out on the next event-loop turn.
            qtbot.waitUntil(lambda: band_colour() == STATE_COLOURS[MachineState.DOWN].name())
            assert "down" in view.model.index(view.model.row_of(tile.key)).data(
                0x0B)  # AccessibleTextRole: name and state word

            qtbot.waitUntil(lambda: len(center.open_alerts()) == 1, timeout=10_000)
            alert = center.open_alerts()[0]
            assert (alert.kind, alert.subject_id, alert.reason) == (
                AlertKind.MACHINE_DOWN, machine.id, REASON)
            assert alert.affected, "the alert names the orders the machine puts at risk"
            qtbot.waitUntil(window.alert_bar.isVisible)
            text = window.alert_bar.message.text()
            assert f"{machine.name} is down since" in text and REASON in text
            assert "affected" in text

            # The plant moves on, the machine stays down: the next polls raise nothing new.
            assert client.post("/sim/v1/clock/advance",
                               json={"seconds": 30}).status_code == 200
            poll()
            poll()
            settle(qtbot, window)
            assert len(raised) == 1
            assert len(center.open_alerts()) == 1

            # Acknowledged while the machine is still down: out of the bar, still listed.
            window.alert_bar.dismiss_button.click()
            (alarm,) = center.alarms()
            assert alarm.acknowledged and alarm.active
            assert window.alert_bar.message.text().startswith("Every alarm is acknowledged")

            # Running again: the runtime clears it, and acknowledged it leaves the list.
            answer = client.put(f"/sim/v1/machines/{machine.id}/state",
                                json={"state": "running"})
            assert answer.status_code == 200, answer.text
            poll()
            qtbot.waitUntil(lambda: center.open_alerts() == [], timeout=10_000)
            assert not window.alert_bar.isVisible()
    finally:
        qloop.run_until_complete(engine.stop())


def settle(qtbot, window) -> None:
    """Until the window's runtime has done all that is due and its updates have arrived."""
    qtbot.waitUntil(lambda: window.runtime.runtime.idle)
    answered: list[None] = []  # delivered after every update the runtime published
    window.runtime.submit(lambda _plan: None, answered.append)
    qtbot.waitUntil(lambda: answered == [None])
