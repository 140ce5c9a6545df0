"""Plant OEE on a small hand-built cache: hierarchy, calendar choice, routing rates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest

from app.analytics import plant_oee
from app.cache.store import CacheStore
from app.domain import (
    Calendar,
    Equipment,
    EquipmentLevel,
    MachineState,
    OperationTemplate,
    PlannedMaintenance,
    Product,
    ProductionCount,
    Routing,
    Shift,
    Site,
    StateEvent,
)
from app.runtime import oee_from_cache

SRC = "mes-x"
WEEKDAYS = [0, 1, 2, 3, 4]
MINUTE = 60.0


def utc(hour: int, minute: int = 0, day: int = 13) -> datetime:
    return datetime(2025, 1, day, hour, minute, tzinfo=UTC)  # Monday 13 January: UTC+1


def eq(id: str, site: str, level: EquipmentLevel, name: str, parent: str | None) -> Equipment:
    return Equipment(id=id, site_id=site, level=level, name=name, parent_id=parent)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    store = CacheStore.open(f"sqlite:///{tmp_path}/c.sqlite3")
    A, L, W, M = (EquipmentLevel.AREA, EquipmentLevel.LINE, EquipmentLevel.WORK_CENTER,
                  EquipmentLevel.MACHINE)
    store.upsert(SRC, "mes.sites", [Site(id="S1", name="Berlin Works", time_zone="Europe/Berlin"),
                                    Site(id="S2", name="Lost", time_zone="Nowhere/Zone")])
    store.upsert(SRC, "mes.equipment", [
        eq("A1", "S1", A, "Machining", None), eq("L1", "S1", L, "Line 1", "A1"),
        eq("WC1", "S1", W, "Turning", "L1"), eq("WC2", "S1", W, "Grinding", "L1"),
        eq("M1", "S1", M, "Lathe 1", "WC1"), eq("M2", "S1", M, "Grinder 1", "WC2"),
        eq("A2", "S2", A, "Far", None), eq("L2", "S2", L, "Line 0", "A2"),
        eq("WC3", "S2", W, "Elsewhere", "L2"), eq("M3", "S2", M, "Ghost", "WC3"),
    ])
    store.upsert(SRC, "mes.calendars", [
        # Site-wide (no work centers): the calendar of WC2, which no calendar lists.
        Calendar(id="CAL0", site_id="S1", work_center_ids=[],
                 shifts=[Shift(name="Late", weekdays=WEEKDAYS, start=time(14), end=time(22))]),
        Calendar(id="CAL1", site_id="S1", work_center_ids=["WC1"],
                 shifts=[Shift(name="Early", weekdays=WEEKDAYS, start=time(6), end=time(14))],
                 maintenance=[PlannedMaintenance(machine_id="M1", start=utc(7),
                                                 end=utc(7, 30))]),
        Calendar(id="CAL2", site_id="S2", work_center_ids=["WC3"],
                 shifts=[Shift(name="Early", weekdays=WEEKDAYS, start=time(6), end=time(14))]),
    ])
    store.upsert(SRC, "mes.products", [Product(
        id="P1", code="P1", name="Shaft", unit="pcs", routing=Routing(operations=[
            OperationTemplate(sequence=10, name="turn", work_center_id="WC1",
                              setup_minutes=Decimal(20), run_seconds_per_unit=Decimal(60)),
            OperationTemplate(sequence=20, name="grind", work_center_id="WC2",
                              setup_minutes=Decimal(10), run_seconds_per_unit=Decimal(30)),
        ]))])
    store.upsert(SRC, "mes.machine_events", [
        StateEvent(id=f"E-{m}", machine_id=m, state=MachineState.RUNNING, start=utc(0),
                   end=None) for m in ("M1", "M2", "M3")])
    store.upsert(SRC, "mes.production_counts", [
        ProductionCount(id="C1", machine_id="M1", work_order_id="W", product_id="P1",
                        start=utc(5), end=utc(13), good=Decimal(350), scrap=Decimal(10)),
        ProductionCount(id="C2", machine_id="M2", work_order_id="W", product_id="P1",
                        start=utc(13), end=utc(21), good=Decimal(800), scrap=Decimal(0)),
    ])
    yield store
    store.close()


def test_machines_with_their_hierarchy(store: CacheStore) -> None:
    found = oee_from_cache.machines(store, SRC)
    assert [m.id for m in found] == ["M3", "M2", "M1"]  # Line 0, then Line 1: Grinding, Turning
    m1 = found[-1]
    assert m1 == plant_oee.MachineInfo(
        source=SRC, id="M1", name="Lathe 1", work_center_id="WC1", work_center_name="Turning",
        line_id="L1", line_name="Line 1", area_id="A1", area_name="Machining", site_id="S1",
        site_name="Berlin Works", time_zone="Europe/Berlin")
    assert oee_from_cache.machines(store, "other") == []


def test_oee_by_machine_by_hand(store: CacheStore) -> None:
    figures = oee_from_cache.oee_by_machine(store, SRC, utc(0), utc(0, day=14))
    m1, m2, m3 = figures["M1"], figures["M2"], figures["M3"]
    # M1: its work center's calendar, 06:00-14:00 local, minus 30 min planned maintenance;
    # running throughout; 360 units at the turning rate of 60 s.
    assert m1.planned_busy_seconds == m1.actual_production_seconds == (480 - 30) * MINUTE
    assert m1.ideal_output_seconds == 360 * 60.0
    assert m1.performance == pytest.approx(360 / 450)
    assert m1.quality == pytest.approx(350 / 360)
    # M2: the site-wide calendar, 14:00-22:00 local; 800 units at the grinding rate of 30 s.
    assert m2.planned_busy_seconds == m2.actual_production_seconds == 480 * MINUTE
    assert m2.ideal_output_seconds == 800 * 30.0
    assert m2.oee == pytest.approx(400 / 480)
    # M3: its site's time zone is unknown here: no planned time, no ratios, no crash.
    assert m3.planned_busy_seconds == 0 and m3.oee is None


def test_shift_window_of_the_first_site(store: CacheStore) -> None:
    assert oee_from_cache.shift_window(store, SRC, utc(10)) == ("Early", utc(5), utc(13))
    assert oee_from_cache.shift_window(store, SRC, utc(15)) == ("Late", utc(13), utc(21))
    assert oee_from_cache.shift_window(store, SRC, utc(22)) is None


def test_ideal_rates_skip_unknown_and_repeat_visits() -> None:
    ops = [OperationTemplate(sequence=s, name=str(s), work_center_id=wc,
                             setup_minutes=Decimal(0), run_seconds_per_unit=Decimal(r))
           for s, wc, r in ((30, "WC1", 9), (10, "WC1", 12), (20, "WC2", 0))]
    product = Product(id="P", code="P", name="P", unit="pcs", routing=Routing(operations=ops))
    assert plant_oee.ideal_rates([product]) == {("P", "WC1"): 12.0}
