"""The Maintenance view's read of the cache: state events and the status history's signals
become risks, and a signal that drives failures is found and moves the risk; one that is
missing is said to be missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from app.analytics.maintenance.history import failure_histories
from app.analytics.maintenance.risk import MaintenanceSettings, Model, machine_risk
from app.domain import (
    Equipment,
    EquipmentLevel,
    MachineState,
    MachineStatus,
    StateEvent,
)
from widgets.maintenance.maintenance_data import load

T0 = datetime(2026, 1, 5, tzinfo=UTC)
S = MachineState


def fill(store, lives: list[float], temperatures: list[float]) -> datetime:
    """MA runs each life, then is down for half an hour; a status sample every 2 h carries
    the temperature of the interval it falls in."""
    store.upsert("mes", "mes.equipment", [
        Equipment(id="WC-A", site_id="S", level=EquipmentLevel.WORK_CENTER, name="Turning"),
        Equipment(id="MA", site_id="S", level=EquipmentLevel.MACHINE, name="Lathe 1",
                  parent_id="WC-A")])
    events, t = [], T0
    stretches = [(S.RUNNING, 1.0, None)]
    for life, temp in zip(lives, temperatures, strict=True):
        stretches += [(S.DOWN, 0.5, None), (S.RUNNING, life, temp)]
    for i, (state, hours, temp) in enumerate(stretches):
        end = t + timedelta(hours=hours)
        events.append(StateEvent(id=f"EV-{i}", machine_id="MA", state=state, start=t,
                                 end=end, reason="Spindle overheat" if state is S.DOWN else ""))
        sample = t
        while temp is not None and sample < end:
            store.append_status_history("mes", [MachineStatus(
                id="MA", state=S.RUNNING, since=t, signals={"temperature_c": temp})], sample)
            sample += timedelta(hours=2)
        t = end
    store.upsert("mes", "mes.machine_events", events)
    store.mark_synced("mes", "mes.machine_events", at=t)
    store.aggregate_status_minutes()
    return t


@pytest.mark.parametrize("effect", [-0.8, 0.0])
def test_a_signal_is_used_only_when_it_explains_failures(store, effect: float) -> None:
    rng = np.random.default_rng(4)
    z = rng.normal(0, 1, 70)
    z[-1] = 2.0  # the running interval is hot
    lives = list(30.0 * np.exp(effect * z) * rng.weibull(1.6, 70) + 0.5)
    lives[-1] = 6.0  # 6 h into the running interval (censored)
    temperatures = list(60.0 + 5.0 * z)
    end = fill(store, lives, temperatures)
    now = end - timedelta(minutes=1)
    data = load(store, now, MaintenanceSettings())
    [risk] = data.risks
    assert risk.model is Model.WEIBULL
    temperature, spindle = data.covariates["MA"]
    assert temperature.signal == "temperature_c" and temperature.intervals >= 60
    assert spindle.aic_gain is None and "covers 0 of" in spindle.why
    plain = machine_risk(failure_histories(store.all("mes", "mes.machine_events"), now)["MA"],
                         now)
    if effect:
        assert temperature.used and temperature.effect < 0
        # Hot now, and heat shortens lives: likelier to fail than the plain fit says.
        assert risk.weibull.scale < plain.weibull.scale
        assert risk.next_day.value > plain.next_day.value
    else:
        assert not temperature.used
        assert risk.next_day == plain.next_day
    assert data.names["MA"] == "Lathe 1" and data.work_center_of["MA"] == "WC-A"
