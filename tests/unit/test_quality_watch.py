"""quality_watch: new rule violations on critical characteristics, once per occurrence."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app import domain as d
from app.analytics.quality_watch import WatchState
from app.automation.alerts import AlertKind
from app.cache.store import CacheStore
from app.runtime.spc_watch import check_critical, spc_alerts

SOURCE = "demo-mes"
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
CALM = [10.02, 9.97, 10.01, 9.99, 10.03, 9.98, 10.00, 10.02, 9.96, 10.01,
        9.99, 10.04, 9.98, 10.00, 10.01, 9.97, 10.02, 9.99, 10.00, 10.03,
        9.98, 10.01, 9.99, 10.02, 9.97, 10.00]


@pytest.fixture
def store(tmp_path: Path):
    opened = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    yield opened
    opened.close()


def characteristic(cid: str, critical: bool) -> d.Characteristic:
    return d.Characteristic(id=cid, product_id="P-1", operation_sequence=10, name=f"Bore {cid}",
                            unit="mm", lsl=Decimal("9.9"), usl=Decimal("10.1"),
                            target=Decimal("10"), subgroup_size=1, critical=critical)


def measure(store: CacheStore, cid: str, values: list[float], start: datetime,
            first: int = 0) -> None:
    store.upsert(SOURCE, "mes.measurements", [d.Measurement(
        id=f"{cid}-{first + i}", characteristic_id=cid, value=Decimal(str(v)),
        measured_at=start + timedelta(minutes=10 * i), work_order_id=f"WO-{(first + i) // 20}",
        machine_id="M-1", lot_id="LOT-1") for i, v in enumerate(values)])


def test_fires_once_per_occurrence_and_only_for_critical(store: CacheStore) -> None:
    store.upsert(SOURCE, "mes.characteristics", [characteristic("CH-C", True),
                                                 characteristic("CH-N", False)])
    start = NOW - timedelta(hours=6)
    for cid in ("CH-C", "CH-N"):
        measure(store, cid, [*CALM, 10.4], start)  # the last point far beyond the UCL
    state = WatchState()
    found = check_critical(store, state, NOW)
    assert [(f.characteristic.id, f.rule) for f in found] == [("CH-C", "nelson-1")]
    assert found[0].since == start + timedelta(minutes=10 * len(CALM))
    assert found[0].work_order_ids == ("WO-1",)
    assert found[0].key.startswith("spc_rule:demo-mes:CH-C:nelson-1:")

    assert check_critical(store, state, NOW) == []  # nothing new: nothing fires again

    # A second excursion later is a new occurrence of the same rule.
    measure(store, "CH-C", [10.0, 10.01, 9.99, 10.45], start + timedelta(minutes=270),
            first=len(CALM) + 1)
    again = check_critical(store, state, NOW)
    assert [(f.rule, f.since) for f in again] == [
        ("nelson-1", start + timedelta(minutes=300))]


def test_a_growing_run_is_one_occurrence(store: CacheStore) -> None:
    store.upsert(SOURCE, "mes.characteristics", [characteristic("CH-C", True)])
    # Points every 10 minutes; the run ends half an hour ago, inside the first look back.
    start = NOW - timedelta(minutes=10 * (len(CALM) + 12))
    measure(store, "CH-C", [*CALM, *[10.02] * 9], start)
    state = WatchState()
    first = [f for f in check_critical(store, state, NOW) if f.rule == "nelson-2"]
    assert len(first) == 1
    measure(store, "CH-C", [10.02] * 3, start + timedelta(minutes=10 * (len(CALM) + 9)),
            first=len(CALM) + 9)
    assert [f for f in check_critical(store, state, NOW) if f.rule == "nelson-2"] == []


def test_alerts_carry_kind_subject_and_machine(store: CacheStore) -> None:
    store.upsert(SOURCE, "mes.characteristics", [characteristic("CH-C", True)])
    measure(store, "CH-C", [*CALM, 10.4], NOW - timedelta(hours=6))
    alerts = spc_alerts(store, WatchState(), NOW)
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert.kind, alert.subject_id, alert.subject_name, alert.rule, alert.machine_id) == (
        AlertKind.SPC_RULE, "CH-C", "Bore CH-C", "nelson-1", "M-1")
    assert alert.affected == ()  # no CRM cached: nobody to name


def test_drift_in_the_demo_plant_fires_a_rule(store: CacheStore) -> None:
    from app.sim.plant import Plant
    from tests.unit.plant_cache import cache_from_plant

    plant = Plant(seed=7, start=NOW, history=timedelta(days=1))
    state = WatchState()
    cache_from_plant(plant, store)
    check_critical(store, state, plant.now)  # what the history holds is known already
    description = plant.load_scenario("drift")
    plant.advance(6 * 3600)
    cache_from_plant(plant, store)
    found = check_critical(store, state, plant.now)
    drifting = re.search(r"CH-\d+-\d+", description).group()
    assert any(f.characteristic.id == drifting for f in found), (description, found)
    assert all(f.characteristic.critical for f in found)
