"""The one age computation: its unit boundaries, clamping, clocks and daylight saving."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.analytics.ages import Age, AgeUnit, age, bucket, elapsed, whole_days

NOW = datetime(2025, 3, 3, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(("span", "unit", "count"), [
    (timedelta(0), AgeUnit.MINUTES, 0),
    (timedelta(seconds=59), AgeUnit.MINUTES, 0),
    (timedelta(minutes=1), AgeUnit.MINUTES, 1),
    (timedelta(minutes=59, seconds=59), AgeUnit.MINUTES, 59),
    (timedelta(hours=1), AgeUnit.HOURS, 1),
    (timedelta(hours=7), AgeUnit.HOURS, 7),
    (timedelta(hours=23, minutes=59, seconds=59), AgeUnit.HOURS, 23),
    (timedelta(days=1), AgeUnit.DAYS, 1),
    (timedelta(hours=47, minutes=59), AgeUnit.DAYS, 1),
    (timedelta(hours=48), AgeUnit.DAYS, 2),
    (timedelta(days=400), AgeUnit.DAYS, 400),
])
def test_rounded_down_to_the_largest_unit_that_fits(span: timedelta, unit: AgeUnit,
                                                    count: int) -> None:
    assert age(NOW - span, NOW) == Age(unit, count, span)


@pytest.mark.parametrize(("seconds", "unit", "count"), [
    (0, AgeUnit.NOW, 0), (9.9, AgeUnit.NOW, 0), (10, AgeUnit.SECONDS, 10),
    (59.9, AgeUnit.SECONDS, 59), (60, AgeUnit.MINUTES, 1), (3600, AgeUnit.HOURS, 1),
])
def test_to_the_second_when_asked(seconds: float, unit: AgeUnit, count: int) -> None:
    found = bucket(timedelta(seconds=seconds), AgeUnit.SECONDS)
    assert (found.unit, found.count) == (unit, count)


def test_never_negative() -> None:
    ahead = NOW + timedelta(minutes=5)  # stamped ahead of this desk's clock
    assert elapsed(ahead, NOW) == timedelta(0)
    assert age(ahead, NOW) == Age(AgeUnit.MINUTES, 0, timedelta(0))
    assert bucket(timedelta(seconds=-3), AgeUnit.SECONDS).unit == AgeUnit.NOW
    assert whole_days(ahead, NOW) == 0


def test_elapsed_time_not_calendar_days() -> None:
    # 21:00 yesterday in Taipei, 04:00 today there: 7 h, though the date changed.
    taipei = ZoneInfo("Asia/Taipei")
    opened = datetime(2025, 3, 3, 21, 0, tzinfo=taipei)
    now = datetime(2025, 3, 4, 4, 0, tzinfo=taipei)
    assert (age(opened, now).unit, age(opened, now).count) == (AgeUnit.HOURS, 7)
    assert whole_days(opened, now) == 0


def test_same_zone_across_daylight_saving_counts_real_hours() -> None:
    # Berlin springs forward at 02:00 on 30 March 2025: 00:00 to 04:00 local is 3 h.
    berlin = ZoneInfo("Europe/Berlin")
    since = datetime(2025, 3, 30, 0, 0, tzinfo=berlin)
    now = datetime(2025, 3, 30, 4, 0, tzinfo=berlin)
    assert age(since, now).count == 3
    assert age(since, now.astimezone(UTC)) == age(since, now)


def test_whole_days_agree_with_the_age_in_days() -> None:
    for hours in (0, 23, 24, 47, 48, 240):
        since = NOW - timedelta(hours=hours)
        shown = age(since, NOW)
        assert whole_days(since, NOW) == (shown.count if shown.unit == AgeUnit.DAYS else 0)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        age(datetime(2025, 3, 3), NOW)
