"""Demand forecast against capacity (app/analytics/forecast) on series and a plant small enough
to check by hand (tests/unit/schedule_fixtures: WC-A and WC-B, one machine each, one shift
06:00-14:00 Monday to Friday, P1 = 36 s per unit on each, so 100 units are 1 hour on each)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.analytics.forecast import (
    HOLT_WINTERS,
    RECENT_MEAN,
    capacity_outlook,
    forecast_series,
    routing_hours,
    weekly_demand,
)
from app.domain import Opportunity, OpportunityStage, OrderLine, SalesOrder
from tests.unit.schedule_fixtures import (
    BERLIN,
    MONDAY,
    OrderStatus,
    calendar,
    local,
    order,
    product,
    snapshot,
)

NOW = local(MONDAY, 6)  # Monday 2 March 2026, 06:00 in Berlin: the shift starts
SEASON = (5.0, -3.0, 2.0, -4.0)


def truth(t: int) -> float:
    return 20 + 0.5 * t + SEASON[t % 4]


def placed(oid: str, created: datetime, quantity: int, *, status=OrderStatus.CLOSED,
           requested_after_days: int = 0) -> SalesOrder:
    return SalesOrder(id=oid, number=f"SO-{oid}", customer_id="C-1", status=status,
                      created_at=created,
                      lines=[OrderLine(line_no=1, product_id="P1", quantity=Decimal(quantity),
                                       unit="pcs",
                                       requested_date=created.astimezone(BERLIN).date()
                                       + timedelta(days=requested_after_days))])


def opportunity(oid: str, quantity: int, probability: str, close, stage=OpportunityStage.PROPOSE
                ) -> Opportunity:
    return Opportunity(id=oid, customer_id="C-1", name=oid, product_id="P1",
                       quantity=Decimal(quantity), unit="pcs", stage=stage,
                       probability=Decimal(probability), expected_close=close)


# -- the model ---------------------------------------------------------------------------------

def test_trend_and_season_are_forecast_within_a_unit() -> None:
    # Six seasons of 4 weeks: level 20, trend +0.5 a week, season (+5, -3, +2, -4), a little
    # noise (±0.3). The next 8 weeks are within 1 unit of the truth.
    history = [truth(t) + 0.3 * math.sin(1.7 * t) for t in range(24)]
    forecast = forecast_series(history, 8, season_length=4)
    assert forecast is not None and forecast.method == HOLT_WINTERS
    assert forecast.season_length == 4
    for h, value in enumerate(forecast.mean):
        assert value == pytest.approx(truth(24 + h), abs=1.0)
        assert forecast.low[h] < value < forecast.high[h]
    # The band is ±1.96 σ of the in-sample one-step residuals: narrow on so clean a series
    # (in-sample residuals understate the error of forecasts further ahead).
    assert 0 < forecast.sigma < 0.5
    assert forecast.high[0] - forecast.low[0] == pytest.approx(2 * 1.96 * forecast.sigma)


def test_short_history_falls_back_to_the_recent_mean_with_its_spread() -> None:
    # Fewer than two seasons of 4 weeks: no seasonal model.
    forecast = forecast_series([10, 14, 10, 14, 12], 3, season_length=4, fallback_weeks=4)
    assert forecast is not None and forecast.method == RECENT_MEAN
    assert forecast.mean == (12.5, 12.5, 12.5)  # the mean of the last 4 weeks
    assert forecast.sigma == pytest.approx(math.sqrt(2.75))  # their (population) spread
    assert forecast.low[0] == pytest.approx(12.5 - 1.96 * math.sqrt(2.75))
    assert forecast.high[0] == pytest.approx(12.5 + 1.96 * math.sqrt(2.75))


def test_no_history_no_forecast_and_the_band_never_goes_below_zero() -> None:
    assert forecast_series([], 4) is None
    forecast = forecast_series([0, 0, 9], 2)
    assert forecast is not None and forecast.low == (0.0, 0.0)
    # A flat series of two seasons is the fallback, not a degenerate fit.
    flat = forecast_series([7.0] * 8, 2)
    assert flat is not None and flat.method == RECENT_MEAN and flat.mean == (7.0, 7.0)


# -- history --------------------------------------------------------------------------------

def test_weekly_demand_by_created_week_in_the_site_zone_without_cancelled_orders() -> None:
    orders = [
        # Sunday 22 Feb 23:30 UTC is Monday 23 Feb 00:30 in Berlin: the week of 23 Feb.
        placed("A", datetime(2026, 2, 22, 23, 30, tzinfo=UTC), 40, requested_after_days=8),
        placed("B", local(MONDAY - timedelta(days=13), 9), 10),  # Tuesday 17 Feb
        placed("C", local(MONDAY - timedelta(days=5), 9), 500, status=OrderStatus.CANCELLED),
        placed("D", local(MONDAY - timedelta(days=5), 9), 7, status=OrderStatus.DRAFT),
        placed("E", local(MONDAY, 4), 30),  # this week: not over yet, not history
    ]
    history = weekly_demand(orders, {"P1": product()}, BERLIN, NOW)
    assert history.weeks == (MONDAY - timedelta(days=14), MONDAY - timedelta(days=7))
    assert history.series == {"P1": (10.0, 40.0)}
    assert history.current == {"P1": 30.0}
    assert history.lead_weeks == {"P1": 0}  # median of (0 for B, 1 for A, 0 for E) weeks


# -- demand against capacity ----------------------------------------------------------------

def test_opportunities_count_by_probability_in_their_closing_week() -> None:
    snap = snapshot(NOW, products={"P1": product(setup_minutes=30)})
    opportunities = [
        opportunity("O-open", 1000, "0.25", MONDAY + timedelta(days=9)),  # week 2 (9 Mar on)
        opportunity("O-won", 1000, "1", MONDAY + timedelta(days=9), OpportunityStage.WON),
        opportunity("O-lost", 1000, "0.5", MONDAY + timedelta(days=9), OpportunityStage.LOST),
        opportunity("O-late", 200, "0.5", MONDAY - timedelta(days=20)),  # overdue: this week
        opportunity("O-far", 1000, "0.9", MONDAY + timedelta(days=60)),  # beyond 3 weeks
    ]
    outlook = capacity_outlook(snap, opportunities, weeks=3)
    for center in ("WC-A", "WC-B"):
        hours = [w.opportunity_hours for w in outlook.centers[center]]
        # 0.5 × (0.5 h setup + 2 h run) = 1.25 h; 0.25 × (0.5 h + 10 h) = 2.625 h
        assert hours == pytest.approx([1.25, 2.625, 0.0])
    assert routing_hours(snap.products, "P1", 1000) == pytest.approx({"WC-A": 10.5,
                                                                      "WC-B": 10.5})


def test_capacity_from_the_calendars_and_a_short_week_with_its_gap() -> None:
    holiday = MONDAY + timedelta(days=9)  # Wednesday 11 March: no shift
    snap = snapshot(NOW, calendars=[calendar(holidays=(holiday,))],
                    orders=[order("O1", "SO-0001", 3000, promised=MONDAY + timedelta(days=8))])
    opportunities = [opportunity("OP1", 1000, "0.5", MONDAY + timedelta(days=10))]
    outlook = capacity_outlook(snap, opportunities, weeks=3)
    assert outlook.weeks == (MONDAY, MONDAY + timedelta(days=7), MONDAY + timedelta(days=14))
    assert set(outlook.centers) == {"WC-A", "WC-B"}
    for center in ("WC-A", "WC-B"):
        weeks = outlook.centers[center]
        # 8 h a day, 5 days; the holiday week has 4 days.
        assert [w.available_hours for w in weeks] == pytest.approx([40.0, 32.0, 40.0])
        # 3000 units promised on Tuesday 10 March: 30 h on each work center that week.
        assert [w.firm_hours for w in weeks] == pytest.approx([0.0, 30.0, 0.0])
        assert [w.opportunity_hours for w in weeks] == pytest.approx([0.0, 5.0, 0.0])
        assert [w.forecast_hours for w in weeks] == [0.0, 0.0, 0.0]  # no history yet
        assert [w.gap_hours for w in weeks] == pytest.approx([0.0, 3.0, 0.0])
    gaps = [(s.work_center_id, s.week_start, s.gap_hours) for s in outlook.shortfalls]
    assert gaps == [("WC-A", MONDAY + timedelta(days=7), pytest.approx(3.0)),
                    ("WC-B", MONDAY + timedelta(days=7), pytest.approx(3.0))]
    assert outlook.forecasts == {}


def test_forecast_hours_follow_the_lead_time_less_what_is_ordered_this_week() -> None:
    # Three weeks of 200 units ordered each Monday, each wanted a week later: too short for a
    # season, so the recent mean (200 a week) is the forecast; 50 are ordered already this week.
    history = [placed(f"H{k}", local(MONDAY - timedelta(weeks=k), 9), 200,
                      requested_after_days=7) for k in (1, 2, 3)]
    today = placed("T", local(MONDAY, 1), 50, status=OrderStatus.CONFIRMED,
                   requested_after_days=7)
    snap = snapshot(NOW, orders=[*history, today])
    outlook = capacity_outlook(snap, weeks=4)
    forecast = outlook.forecasts["P1"]
    assert forecast.forecast.method == RECENT_MEAN and forecast.lead_weeks == 1
    assert forecast.forecast.mean == (200.0,) * 4 and forecast.ordered_this_week == 50.0
    weeks = outlook.centers["WC-A"]
    # This week's intake (200 - 50 ordered) is due next week: 1.5 h; then 2 h a week.
    assert [w.forecast_hours for w in weeks] == pytest.approx([0.0, 1.5, 2.0, 2.0])
    # The 50 ordered this week are firm, due next week: 0.5 h.
    assert [w.firm_hours for w in weeks] == pytest.approx([0.0, 0.5, 0.0, 0.0])
    assert not outlook.shortfalls
