"""OEE from a cache filled by the demo plant: every machine gets sane figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.analytics.oee import OeeFigures, combine
from app.cache.store import CacheStore
from app.runtime import oee_from_cache
from app.sim.plant import Plant
from tests.unit.plant_cache import cache_from_plant

START = datetime(2025, 3, 12, 6, 0, tzinfo=UTC)  # Wednesday 14:00 in Hsinchu
DAY_BEFORE = START - timedelta(days=1)
MES = "demo-mes"


@pytest.fixture(scope="module")
def plant() -> Plant:
    return Plant(seed=7, start=START, history=timedelta(days=1))


@pytest.fixture(scope="module")
def store(plant: Plant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CacheStore]:
    path = tmp_path_factory.mktemp("oee") / "c.sqlite3"
    store = CacheStore.open(f"sqlite:///{path}")
    cache_from_plant(plant, store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def figures(store: CacheStore) -> dict[str, OeeFigures]:
    return oee_from_cache.oee_by_machine(store, MES, DAY_BEFORE, START)


def test_helper_fills_both_sources(store: CacheStore) -> None:
    assert store.count("demo-crm", "crm.customers") > 0
    assert store.count(MES, "mes.machine_events") > 0
    assert store.count("demo-crm", "mes.machine_events") == 0


def test_machines_know_their_place(store: CacheStore) -> None:
    found = oee_from_cache.machines(store, MES)
    assert found
    for m in found:
        assert m.work_center_id and m.line_id and m.area_id
        assert m.work_center_name and m.line_name and m.area_name and m.site_name
        assert m.time_zone == "Asia/Taipei"
        assert m.source == MES
    keys = [(m.line_name, m.work_center_name, m.name) for m in found]
    assert keys == sorted(keys)


def test_every_machine_has_figures_between_0_and_1(store: CacheStore,
                                                   figures: dict[str, OeeFigures]) -> None:
    assert set(figures) == {m.id for m in oee_from_cache.machines(store, MES)}
    window = (START - DAY_BEFORE).total_seconds()
    for machine_id, f in figures.items():
        assert 0 < f.planned_busy_seconds <= window, machine_id
        assert f.actual_production_seconds + f.unplanned_down_seconds <= (
            f.planned_busy_seconds + 1e-6), machine_id
        for ratio in (f.availability, f.performance, f.quality, f.oee):
            # Performance above 1 would mean the simulation runs faster than its routings.
            assert ratio is None or 0.0 <= ratio <= 1.0, (machine_id, f)
    plant = combine(figures.values())
    assert plant.oee is not None and 0 < plant.oee < 1


def test_counts_match_the_feed(plant: Plant, figures: dict[str, OeeFigures]) -> None:
    # Count intervals are whole 5-minute ticks, so a day window takes them whole.
    good: dict[str, Decimal] = defaultdict(Decimal)
    for change in plant.feeds["mes.production_counts"].changes_after(0):
        body = change.body
        start = datetime.fromisoformat(body["start"])
        if DAY_BEFORE <= start < START:
            good[body["machine_id"]] += Decimal(body["good"])
    for machine_id, f in figures.items():
        assert f.good == pytest.approx(float(good[machine_id])), machine_id


def test_this_shift(store: CacheStore) -> None:
    # 14:00 in Hsinchu is where the late shift starts.
    assert oee_from_cache.shift_window(store, MES, START) == (
        "Late", START, START + timedelta(hours=8))
    assert oee_from_cache.shift_window(store, "nobody", START) is None
