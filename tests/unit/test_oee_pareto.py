"""Pareto bars and the downtime Pareto."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.analytics.oee import downtime_pareto
from app.analytics.pareto import ParetoBar, pareto
from app.domain import Downtime

START = datetime(2025, 1, 13, 6, 0, tzinfo=UTC)
END = datetime(2025, 1, 13, 14, 0, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 1, 13, hour, minute, tzinfo=UTC)


def down(n: int, start: datetime, end: datetime | None, reason: str,
         planned: bool = False) -> Downtime:
    return Downtime(id=f"D{n}", machine_id="M1", start=start, end=end, reason=reason,
                    planned=planned)


def test_pareto_sorts_by_value_then_label_with_shares() -> None:
    bars = pareto({"b": (10.0, 1), "a": (10.0, 2), "c": (30.0, 4), "d": (0.0, 0)})
    assert [b.label for b in bars] == ["c", "a", "b", "d"]
    assert [b.share for b in bars] == pytest.approx([0.6, 0.2, 0.2, 0.0])
    assert [b.cumulative_share for b in bars] == pytest.approx([0.6, 0.8, 1.0, 1.0])
    assert bars[-1].cumulative_share == 1.0
    assert bars[0] == ParetoBar("c", 30.0, 4, 0.6, 0.6)


def test_pareto_of_nothing() -> None:
    assert pareto({}) == []
    assert pareto({"x": (0.0, 0)}) == [ParetoBar("x", 0.0, 0, 0.0, 0.0)]


def test_downtime_pareto_sums_seconds_inside_the_window() -> None:
    downtimes = [
        down(1, at(7), at(7, 30), "Tool break"),  # 30 min
        down(2, at(5, 45), at(6, 15), "Tool break"),  # 15 min inside
        down(3, at(9), at(9, 50), "Material"),  # 50 min
        down(4, at(13, 40), None, "No operator"),  # open: 20 min until the end
        down(5, at(10), at(11), "Preventive maintenance", planned=True),  # 60 min, planned
        down(6, at(14), at(15), "Material"),  # after the window
        down(7, at(4), at(6), "Material"),  # ends as the window starts
    ]
    bars = downtime_pareto(downtimes, START, END)
    assert [(b.label, b.value, b.count) for b in bars] == [
        ("Material", 50 * 60.0, 1), ("Tool break", 45 * 60.0, 2), ("No operator", 20 * 60.0, 1)]
    total = 115.0
    assert [b.share for b in bars] == pytest.approx([50 / total, 45 / total, 20 / total])
    assert [b.cumulative_share for b in bars] == pytest.approx([50 / total, 95 / total, 1.0])

    with_planned = downtime_pareto(downtimes, START, END, include_planned=True)
    assert [(b.label, b.value) for b in with_planned][0] == ("Preventive maintenance", 3600.0)
    assert sum(b.share for b in with_planned) == pytest.approx(1.0)


def test_downtime_pareto_of_a_quiet_window_is_empty() -> None:
    assert downtime_pareto([down(1, at(15), at(16), "Material")], START, END) == []
