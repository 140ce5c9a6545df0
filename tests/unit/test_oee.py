"""OEE after ISO 22400 against shifts computed by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from app.analytics.oee import (
    OeeFigures,
    combine,
    machine_oee,
    planned_windows,
    shift_at,
)
from app.domain import (
    Calendar,
    Holiday,
    MachineState,
    PlannedMaintenance,
    ProductionCount,
    Shift,
    StateEvent,
)

BERLIN = "Europe/Berlin"
WEEKDAYS = [0, 1, 2, 3, 4]
MINUTE = 60.0
HOUR = 3600.0
# Monday 13 January 2025, winter: Berlin is UTC+1.
MONDAY = date(2025, 1, 13)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def calendar(*shifts: Shift, holidays: tuple[date, ...] = (),
             maintenance: tuple[PlannedMaintenance, ...] = ()) -> Calendar:
    return Calendar(id="CAL", site_id="S", work_center_ids=["WC"], shifts=list(shifts),
                    holidays=[Holiday(day=d) for d in holidays], maintenance=list(maintenance))


def shift(name: str, start: int, end: int, weekdays: list[int] = WEEKDAYS) -> Shift:
    return Shift(name=name, weekdays=weekdays, start=time(start), end=time(end))


def event(n: int, state: MachineState, start: datetime, end: datetime | None) -> StateEvent:
    return StateEvent(id=f"E{n}", machine_id="M1", state=state, start=start, end=end)


def count(n: int, start: datetime, end: datetime, good: int, scrap: int = 0,
          product: str | None = "P1") -> ProductionCount:
    return ProductionCount(id=f"C{n}", machine_id="M1", work_order_id="WO1", product_id=product,
                           start=start, end=end, good=Decimal(good), scrap=Decimal(scrap))


def rate_60s(product_id: str | None) -> float | None:
    return 60.0 if product_id == "P1" else None


# --- one hand-computed shift ------------------------------------------------------------------


def test_one_shift_by_hand() -> None:
    # Early shift 06:00-14:00 Berlin = 05:00-13:00 UTC; planned maintenance 08:00-08:30 local.
    pm = PlannedMaintenance(machine_id="M1", start=utc(MONDAY, 7), end=utc(MONDAY, 7, 30))
    cal = calendar(shift("Early", 6, 14), maintenance=(pm,))
    start, end = utc(MONDAY, 5), utc(MONDAY, 13)
    events = [
        event(1, MachineState.SETUP, utc(MONDAY, 5), utc(MONDAY, 5, 20)),  # 20 min setup
        event(2, MachineState.RUNNING, utc(MONDAY, 5, 20), utc(MONDAY, 7)),  # 100 min
        event(3, MachineState.MAINTENANCE, utc(MONDAY, 7), utc(MONDAY, 7, 30)),  # planned
        event(4, MachineState.RUNNING, utc(MONDAY, 7, 30), utc(MONDAY, 9)),  # 90 min
        event(5, MachineState.DOWN, utc(MONDAY, 9), utc(MONDAY, 9, 45)),  # 45 min unplanned
        event(6, MachineState.RUNNING, utc(MONDAY, 9, 45), None),  # open: 195 min to 13:00
    ]
    counts = [count(1, start, end, good=350, scrap=10)]
    planned = planned_windows(cal, BERLIN, start, end, "M1")
    assert planned == [(utc(MONDAY, 5), utc(MONDAY, 7)), (utc(MONDAY, 7, 30), utc(MONDAY, 13))]

    f = machine_oee(events=events, counts=counts, planned=planned,
                    ideal_seconds_per_unit=rate_60s, start=start, end=end)

    pbt = (8 * 60 - 30) * MINUTE  # shift minus planned maintenance
    apt = (100 + 90 + 195) * MINUTE  # running only: not setup, not down
    ideal = (350 + 10) * 60.0  # every unit made, good or not, at its ideal rate
    assert f.planned_busy_seconds == pbt
    assert f.actual_production_seconds == apt
    assert f.unplanned_down_seconds == 45 * MINUTE
    assert f.ideal_output_seconds == ideal
    assert (f.good, f.scrap) == (350, 10)
    assert f.availability == pytest.approx(apt / pbt)  # 385 / 450
    assert f.performance == pytest.approx(ideal / apt)  # 360 / 385
    assert f.quality == pytest.approx(350 / 360)
    assert f.oee == pytest.approx((385 / 450) * (360 / 385) * (350 / 360))
    # The product telescopes: ideal time of the good units over planned busy time.
    assert f.oee == pytest.approx(350 * 60 / pbt)


def test_events_straddling_the_window_count_only_inside() -> None:
    cal = calendar(shift("Early", 6, 14))
    start, end = utc(MONDAY, 6), utc(MONDAY, 10)  # four hours inside the shift
    events = [event(1, MachineState.RUNNING, utc(MONDAY, 3), utc(MONDAY, 8)),
              event(2, MachineState.DOWN, utc(MONDAY, 8), utc(MONDAY, 20))]
    f = machine_oee(events=events, counts=[], planned=planned_windows(cal, BERLIN, start, end),
                    ideal_seconds_per_unit=rate_60s, start=start, end=end)
    assert f.planned_busy_seconds == 4 * HOUR
    assert f.actual_production_seconds == 2 * HOUR
    assert f.unplanned_down_seconds == 2 * HOUR
    assert f.availability == pytest.approx(0.5)
    assert f.performance == 0.0  # ran, made nothing
    assert f.quality is None and f.oee is None


def test_time_outside_planned_windows_does_not_count() -> None:
    cal = calendar(shift("Early", 6, 14))
    start, end = utc(MONDAY, 0), utc(MONDAY, 23)
    events = [event(1, MachineState.RUNNING, utc(MONDAY, 0), None)]  # runs all day
    f = machine_oee(events=events, counts=[], planned=planned_windows(cal, BERLIN, start, end),
                    ideal_seconds_per_unit=rate_60s, start=start, end=end)
    assert f.planned_busy_seconds == f.actual_production_seconds == 8 * HOUR
    assert f.availability == 1.0


def test_an_open_event_ends_where_the_next_one_starts() -> None:
    # The close of E1 has not synced yet, but E2 has: E1 must not run on under E2.
    start, end = utc(MONDAY, 5), utc(MONDAY, 13)
    events = [event(2, MachineState.DOWN, utc(MONDAY, 9), None),
              event(1, MachineState.RUNNING, utc(MONDAY, 5), None)]
    f = machine_oee(events=events, counts=[], planned=[(start, end)],
                    ideal_seconds_per_unit=rate_60s, start=start, end=end)
    assert f.actual_production_seconds == 4 * HOUR
    assert f.unplanned_down_seconds == 4 * HOUR


def test_offline_in_planned_time_is_unplanned_down() -> None:
    start, end = utc(MONDAY, 5), utc(MONDAY, 7)
    events = [event(1, MachineState.OFFLINE, start, None)]
    f = machine_oee(events=events, counts=[], planned=[(start, end)],
                    ideal_seconds_per_unit=rate_60s, start=start, end=end)
    assert f.unplanned_down_seconds == 2 * HOUR
    assert f.availability == 0.0 and f.performance is None


# --- counts -----------------------------------------------------------------------------------


def test_counts_partly_inside_count_pro_rata() -> None:
    start, end = utc(MONDAY, 6), utc(MONDAY, 8)
    counts = [
        count(1, utc(MONDAY, 5), utc(MONDAY, 7), good=120, scrap=8),  # half inside
        count(2, utc(MONDAY, 7, 45), utc(MONDAY, 8, 15), good=30),  # half inside
        count(3, utc(MONDAY, 8), utc(MONDAY, 9), good=500),  # starts at the end: outside
        count(4, utc(MONDAY, 4), utc(MONDAY, 6), good=500),  # ends at the start: outside
        count(5, utc(MONDAY, 7), utc(MONDAY, 7), good=7),  # an instant inside
    ]
    events = [event(1, MachineState.RUNNING, start, end)]
    f = machine_oee(events=events, counts=counts, planned=[(start, end)],
                    ideal_seconds_per_unit=rate_60s, start=start, end=end)
    assert f.good == pytest.approx(120 / 2 + 30 / 2 + 7)
    assert f.scrap == pytest.approx(8 / 2)
    assert f.ideal_output_seconds == pytest.approx((60 + 4 + 15 + 7) * 60.0)
    assert f.performance == pytest.approx((60 + 4 + 15 + 7) * 60.0 / (2 * HOUR))


def test_unknown_ideal_rate_leaves_counts_out_of_performance_only() -> None:
    start, end = utc(MONDAY, 6), utc(MONDAY, 8)
    counts = [count(1, start, end, good=40, product="P1"),
              count(2, start, end, good=50, scrap=10, product="UNROUTED"),
              count(3, start, end, good=5, product=None)]
    asked: list[str | None] = []

    def rate(product_id: str | None) -> float | None:
        asked.append(product_id)
        return rate_60s(product_id)

    f = machine_oee(events=[event(1, MachineState.RUNNING, start, end)],
                    counts=counts, planned=[(start, end)], ideal_seconds_per_unit=rate,
                    start=start, end=end)
    assert f.ideal_output_seconds == 40 * 60.0
    assert f.unrated_units == 50 + 10 + 5
    assert f.quality == pytest.approx(95 / 105)  # every unit still counts for quality
    assert f.performance == pytest.approx(40 * 60.0 / (2 * HOUR))
    assert sorted(asked, key=str) == sorted(["P1", "UNROUTED", None], key=str)  # once each


# --- calendars: night shift, daylight saving, holidays -----------------------------------------


def test_night_shift_across_midnight() -> None:
    cal = calendar(shift("Night", 22, 6))
    tuesday = MONDAY + timedelta(days=1)
    # Monday 20:00 to Tuesday 08:00 local: the Monday night shift, 22:00-06:00 local.
    windows = planned_windows(cal, BERLIN, utc(MONDAY, 19), utc(tuesday, 7))
    assert windows == [(utc(MONDAY, 21), utc(tuesday, 5))]
    # A window of Tuesday only (local midnight to midnight) holds the end of Monday's night and
    # the start of Tuesday's.
    windows = planned_windows(cal, BERLIN, utc(MONDAY, 23), utc(tuesday, 23))
    assert windows == [(utc(MONDAY, 23), utc(tuesday, 5)), (utc(tuesday, 21), utc(tuesday, 23))]
    assert shift_at(cal, BERLIN, utc(tuesday, 2)) == ("Night", utc(MONDAY, 21), utc(tuesday, 5))
    assert shift_at(cal, BERLIN, utc(tuesday, 12)) is None


def test_night_shift_on_spring_change_is_seven_hours() -> None:
    # Sunday 30 March 2025, 02:00 CET -> 03:00 CEST. The Saturday night shift runs
    # 22:00 CET (21:00 UTC) to 06:00 CEST (04:00 UTC).
    cal = calendar(shift("Night", 22, 6, weekdays=[5]))
    saturday, sunday = date(2025, 3, 29), date(2025, 3, 30)
    windows = planned_windows(cal, BERLIN, utc(saturday, 0), utc(sunday, 12))
    assert windows == [(utc(saturday, 21), utc(sunday, 4))]
    assert windows[0][1] - windows[0][0] == timedelta(hours=7)
    f = machine_oee(events=[event(1, MachineState.RUNNING, utc(saturday, 0), None)], counts=[],
                    planned=windows, ideal_seconds_per_unit=rate_60s,
                    start=utc(saturday, 0), end=utc(sunday, 12))
    assert f.planned_busy_seconds == 7 * HOUR


def test_night_shift_on_autumn_change_is_nine_hours() -> None:
    # Sunday 26 October 2025, 03:00 CEST -> 02:00 CET. The Saturday night shift runs
    # 22:00 CEST (20:00 UTC) to 06:00 CET (05:00 UTC).
    cal = calendar(shift("Night", 22, 6, weekdays=[5]))
    saturday, sunday = date(2025, 10, 25), date(2025, 10, 26)
    windows = planned_windows(cal, BERLIN, utc(saturday, 0), utc(sunday, 12))
    assert windows == [(utc(saturday, 20), utc(sunday, 5))]
    assert windows[0][1] - windows[0][0] == timedelta(hours=9)
    assert shift_at(cal, BERLIN, utc(sunday, 1, 30)) == ("Night", utc(saturday, 20),
                                                        utc(sunday, 5))


def test_day_shift_keeps_wall_clock_times_across_the_change() -> None:
    # Early shift 06:00-14:00 local: 05:00 UTC in winter, 04:00 UTC in summer.
    cal = calendar(shift("Early", 6, 14, weekdays=[4, 0]))
    friday, monday = date(2025, 3, 28), date(2025, 3, 31)
    windows = planned_windows(cal, BERLIN, utc(friday, 0), utc(monday, 23))
    assert windows == [(utc(friday, 5), utc(friday, 13)), (utc(monday, 4), utc(monday, 12))]


def test_holiday_gives_no_planned_time_and_no_ratios() -> None:
    cal = calendar(shift("Early", 6, 14), holidays=(MONDAY,))
    start, end = utc(MONDAY, 0), utc(MONDAY, 23)
    planned = planned_windows(cal, BERLIN, start, end, "M1")
    assert planned == []
    assert shift_at(cal, BERLIN, utc(MONDAY, 8)) is None
    f = machine_oee(events=[event(1, MachineState.RUNNING, start, None)],
                    counts=[count(1, start, end, good=10)], planned=planned,
                    ideal_seconds_per_unit=rate_60s, start=start, end=end)
    assert f.planned_busy_seconds == 0.0
    assert f.availability is None
    assert f.performance is None
    assert f.oee is None
    assert f.quality == 1.0  # what was made is still good


def test_night_shift_before_a_holiday_still_runs_into_it() -> None:
    # A holiday drops the shifts that start on it, not one that started the evening before.
    cal = calendar(shift("Night", 22, 6), holidays=(MONDAY + timedelta(days=1),))
    tuesday = MONDAY + timedelta(days=1)
    windows = planned_windows(cal, BERLIN, utc(MONDAY, 0), utc(tuesday, 23))
    assert windows == [(utc(MONDAY, 21), utc(tuesday, 5))]


def test_planned_windows_are_merged_and_lose_maintenance_of_that_machine_only() -> None:
    pm = [PlannedMaintenance(machine_id="M1", start=utc(MONDAY, 9), end=utc(MONDAY, 10)),
          PlannedMaintenance(machine_id="M1", start=utc(MONDAY, 9, 30), end=utc(MONDAY, 11)),
          PlannedMaintenance(machine_id="M2", start=utc(MONDAY, 6), end=utc(MONDAY, 7))]
    cal = calendar(shift("Early", 6, 14), shift("Late", 14, 22), maintenance=tuple(pm))
    start, end = utc(MONDAY, 0), utc(MONDAY, 23)
    # Early and Late touch at 14:00 local: one window 06:00-22:00 local.
    assert planned_windows(cal, BERLIN, start, end) == [(utc(MONDAY, 5), utc(MONDAY, 21))]
    assert planned_windows(cal, BERLIN, start, end, "M1") == [
        (utc(MONDAY, 5), utc(MONDAY, 9)), (utc(MONDAY, 11), utc(MONDAY, 21))]
    assert planned_windows(cal, BERLIN, start, end, "M2") == [
        (utc(MONDAY, 5), utc(MONDAY, 6)), (utc(MONDAY, 7), utc(MONDAY, 21))]
    # Clipped to the window asked for; an empty window has nothing.
    assert planned_windows(cal, BERLIN, utc(MONDAY, 8), utc(MONDAY, 12), "M1") == [
        (utc(MONDAY, 8), utc(MONDAY, 9)), (utc(MONDAY, 11), utc(MONDAY, 12))]
    assert planned_windows(cal, BERLIN, end, start) == []


def test_shift_at_names_the_shift_and_its_bounds() -> None:
    cal = calendar(shift("Early", 6, 14), shift("Late", 14, 22))
    assert shift_at(cal, BERLIN, utc(MONDAY, 13)) == ("Late", utc(MONDAY, 13), utc(MONDAY, 21))
    assert shift_at(cal, BERLIN, utc(MONDAY, 12, 59)) == ("Early", utc(MONDAY, 5),
                                                         utc(MONDAY, 13))
    assert shift_at(cal, BERLIN, utc(MONDAY, 21)) is None


# --- combining --------------------------------------------------------------------------------


def test_combine_is_the_ratio_of_sums() -> None:
    a = OeeFigures(8 * HOUR, 6 * HOUR, 1 * HOUR, 5 * HOUR, 90, 10)
    b = OeeFigures(4 * HOUR, 1 * HOUR, 3 * HOUR, 0.5 * HOUR, 20, 0, unrated_units=3)
    both = combine([a, b])
    assert both == OeeFigures(12 * HOUR, 7 * HOUR, 4 * HOUR, 5.5 * HOUR, 110, 10, 3)
    assert both.availability == pytest.approx(7 / 12)  # not the mean of 6/8 and 1/4
    assert both.performance == pytest.approx(5.5 / 7)
    assert both.quality == pytest.approx(110 / 120)
    assert combine([]) == OeeFigures(0, 0, 0, 0, 0, 0)
    assert combine([]).oee is None
