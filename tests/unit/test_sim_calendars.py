"""Shifts are wall-clock times at the site: zoneinfo handles daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain import Holiday, Shift
from app.sim.calendars import next_window, shift_instances

NIGHT = Shift(name="Night", weekdays=[5], start=time(22), end=time(6))
EARLY = Shift(name="Early", weekdays=[0, 1, 2, 3, 4], start=time(6), end=time(14))


def test_night_shift_over_the_spring_change_is_an_hour_shorter() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # Saturday 29 March 2025 22:00 to Sunday 06:00; clocks jump forward at 02:00.
    [(start, end)] = shift_instances(berlin, [NIGHT], [], date(2025, 3, 29), date(2025, 3, 29))
    assert start == datetime(2025, 3, 29, 21, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=7)


def test_holidays_and_weekends_have_no_shift() -> None:
    taipei = ZoneInfo("Asia/Taipei")
    holiday = [Holiday(day=date(2025, 4, 4), name="Children's Day")]
    got = shift_instances(taipei, [EARLY], holiday, date(2025, 3, 31), date(2025, 4, 6))
    days = [s.astimezone(taipei).date() for s, _ in got]
    assert days == [date(2025, 3, 31), date(2025, 4, 1), date(2025, 4, 2), date(2025, 4, 3)]
    assert got[0][0] == datetime(2025, 3, 30, 22, 0, tzinfo=UTC)  # 06:00 in Taipei (UTC+8)


def test_back_to_back_shifts_merge_into_one_window() -> None:
    taipei = ZoneInfo("Asia/Taipei")
    late = Shift(name="Late", weekdays=[0, 1, 2, 3, 4], start=time(14), end=time(22))
    start, end = next_window(taipei, [EARLY, late], [], datetime(2025, 3, 31, 3, tzinfo=UTC))
    assert start == datetime(2025, 3, 30, 22, 0, tzinfo=UTC)
    assert end == datetime(2025, 3, 31, 14, 0, tzinfo=UTC)
