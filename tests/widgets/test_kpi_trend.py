"""The KPI tiles' weekly trend: 0 is drawn as 0, weeks before the records begin not at all.
Geometry is read from the sparkline (its bars and line points), not from pixels."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app import domain as d
from app.analytics import kpi
from app.analytics.kpi import Kpi, RowKind, WeekPoint
from app.cache.store import CacheStore
from widgets.common.cache_counts import CacheCounts
from widgets.overview.kpi_tile import KpiTile, Sparkline, value_range
from widgets.overview.overview_view import OverviewView

NOW = datetime(2025, 3, 5, 4, 0, tzinfo=UTC)  # Wednesday noon in Taipei, ISO week 10
ZONE = ZoneInfo("Asia/Taipei")


def trend(*values: float | None) -> tuple[WeekPoint, ...]:
    span = kpi.weeks(NOW, ZONE, len(values))
    return tuple(WeekPoint(w, v) for w, v in zip(span, values, strict=True))


def shown_tile(qtbot, values: tuple[float | None, ...], bars: bool) -> KpiTile:
    """A shown tile with these weekly values (the caller holds it: qtbot keeps a weak
    reference only)."""
    widget = KpiTile("wip", "Work in progress", "", bars=bars)
    qtbot.addWidget(widget)
    widget.resize(260, 180)
    widget.set_kpi(Kpi("wip", 0.0, "lines", trend(*values), (), RowKind.WORK_ORDER), "", "", "")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_scale_always_takes_in_zero() -> None:
    assert value_range([0.0, 0.0]) == (0.0, 1.0)
    assert value_range([50.0, 55.0]) == (0.0, 55.0)
    assert value_range([-2.0, 3.0]) == (-2.0, 3.0)


def test_an_all_zero_trend_draws_no_bar_above_zero(qtbot) -> None:
    tile = shown_tile(qtbot, (0.0,) * 12, bars=True)
    spark: Sparkline = tile.sparkline
    rects = spark.bar_rects()
    assert [i for i, _ in rects] == list(range(12))
    assert all(r.height() == 0 for _, r in rects)
    baseline = {r.bottom() for _, r in rects}
    assert len(baseline) == 1 and baseline.pop() == pytest.approx(spark.height() - 4)
    spark.grab()  # paints without error


def test_an_all_zero_line_lies_on_the_baseline(qtbot) -> None:
    tile = shown_tile(qtbot, (0.0,) * 8, bars=False)
    spark: Sparkline = tile.sparkline
    assert [p.y() for _, p in spark.line_points()] == pytest.approx([spark.height() - 4] * 8)


def test_bars_rise_from_zero_in_proportion(qtbot) -> None:
    tile = shown_tile(qtbot, (0.0, 2.0, 4.0, 1.0), bars=True)
    spark: Sparkline = tile.sparkline
    heights = [r.height() for _, r in spark.bar_rects()]
    assert heights[0] == 0 and heights[2] == pytest.approx(spark.height() - 8)
    assert heights[1] == pytest.approx(heights[2] / 2)
    assert heights[3] == pytest.approx(heights[2] / 4)  # the least is not drawn as nothing


@pytest.mark.parametrize("bars", [True, False])
def test_nothing_is_drawn_before_the_first_week_with_a_value(qtbot, bars: bool) -> None:
    values = (None,) * 8 + (0.0, 3.0, 0.0, 1.0)
    tile = shown_tile(qtbot, values, bars=bars)
    spark: Sparkline = tile.sparkline
    step = (spark.width() - 6) / 12
    first_left = 3 + 8 * step
    if bars:
        marks = spark.bar_rects()
        assert min(r.left() for _, r in marks) >= first_left
    else:
        marks = spark.line_points()
        assert min(p.x() for _, p in marks) >= first_left
    assert [i for i, _ in marks] == [8, 9, 10, 11]
    assert spark.toolTip().startswith("2025-W07 … 2025-W10: 0.0 – 3.0")
    spark.grab()


def test_a_trend_without_values_draws_nothing(qtbot) -> None:
    tile = shown_tile(qtbot, (None,) * 12, bars=True)
    spark: Sparkline = tile.sparkline
    assert spark.bar_rects() == [] and spark.line_points() == []
    assert spark.toolTip() == ""
    spark.grab()


class Clock:
    def __call__(self) -> datetime:
        return NOW


def test_the_overview_draws_no_weeks_before_the_first_order(store: CacheStore, bridge, qtbot,
                                                            tmp_path: Path) -> None:
    """Orders from W07 on, none ever past due: the at-risk tile's bars begin at W07, flat."""
    line = d.OrderLine(line_no=1, product_id="P-1", quantity=Decimal(5), unit="pcs",
                       requested_date=date(2025, 3, 20), promised_date=date(2025, 3, 20))
    store.upsert("crm", "crm.orders", [d.SalesOrder(
        id="O1", number="SO-1", customer_id="C1", status=d.OrderStatus.CONFIRMED,
        created_at=datetime(2025, 2, 11, tzinfo=UTC), lines=[line])])
    store.upsert("mes", "mes.sites", [d.Site(id="S1", name="Plant", time_zone="Asia/Taipei")])
    for source, feed in (("crm", "crm.orders"), ("mes", "mes.sites")):
        store.mark_synced(source, feed, at=NOW)
    view = OverviewView(CacheCounts(store, bridge), Clock(), bridge, store,
                        rules_path=tmp_path / "rules.json")
    qtbot.addWidget(view)
    view.resize(1280, 800)
    with qtbot.waitSignal(view.figures_ready, timeout=10_000):
        view.show()
    spark = view.tiles["orders_at_risk"].sparkline
    assert [p.week.label for p in spark.points if p.value is not None] == [
        "2025-W07", "2025-W08", "2025-W09"]
    rects = spark.bar_rects()
    assert [i for i, _ in rects] == [10, 11, 12]
    assert all(r.height() == 0 for _, r in rects)
