"""The demo plant takes planned maintenance on a calendar: the next calendar read shows it,
the machine stops for it, the same window twice is kept once, and nonsense is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain import MachineState, PlannedMaintenance
from app.sim.plant import Plant

START = datetime(2025, 3, 12, 6, 0, tzinfo=UTC)  # Wednesday 14:00 in Hsinchu


@pytest.fixture
def plant() -> Plant:
    return Plant(21, START, history=timedelta(hours=12))


def windows_of(plant: Plant, calendar_id: str, machine_id: str) -> list[dict]:
    body = plant.feeds["mes.calendars"].get(calendar_id).body
    return [w for w in body["maintenance"] if w["machine_id"] == machine_id]


def test_a_planned_window_is_on_the_calendar_and_the_machine_stops_for_it(plant: Plant) -> None:
    start = START + timedelta(hours=3)
    window = PlannedMaintenance(machine_id="M-212", start=start,
                                end=start + timedelta(hours=2), reason="Spindle bearing")
    version = plant.feeds["mes.calendars"].get("CAL-MACH").version
    calendar = plant.plan_maintenance("CAL-MACH", window)
    assert window in calendar.maintenance
    assert plant.feeds["mes.calendars"].get("CAL-MACH").version == version + 1
    assert any(w["reason"] == "Spindle bearing" for w in windows_of(plant, "CAL-MACH", "M-212"))

    again = plant.plan_maintenance("CAL-MACH", PlannedMaintenance(
        machine_id="M-212", start=window.start, end=window.end, reason="Spindle bearing"))
    assert sum(w == window for w in again.maintenance) == 1
    assert plant.feeds["mes.calendars"].get("CAL-MACH").version == version + 1

    plant.advance(3 * 3600 + 60)
    status = plant.floor.by_id["M-212"].status
    assert status.state is MachineState.MAINTENANCE and status.reason == "Spindle bearing"
    plant.advance(2 * 3600)
    assert plant.floor.by_id["M-212"].status.state is not MachineState.MAINTENANCE


def test_nonsense_windows_are_refused(plant: Plant) -> None:
    soon = START + timedelta(hours=1)
    with pytest.raises(ValueError, match="not on calendar"):
        plant.plan_maintenance("CAL-ASSY", PlannedMaintenance(
            machine_id="M-212", start=soon, end=soon + timedelta(hours=1)))
    with pytest.raises(ValueError, match="end after"):
        plant.plan_maintenance("CAL-MACH", PlannedMaintenance(
            machine_id="M-212", start=soon, end=soon))
    with pytest.raises(ValueError, match="future"):
        plant.plan_maintenance("CAL-MACH", PlannedMaintenance(
            machine_id="M-212", start=START - timedelta(hours=3),
            end=START - timedelta(hours=1)))
    with pytest.raises(ValueError, match="unknown machine"):
        plant.plan_maintenance("CAL-MACH", PlannedMaintenance(
            machine_id="M-999", start=soon, end=soon + timedelta(hours=1)))
    with pytest.raises(KeyError):
        plant.plan_maintenance("CAL-NONE", PlannedMaintenance(
            machine_id="M-212", start=soon, end=soon + timedelta(hours=1)))
