"""A machine tile's output trend is drawn from zero: nothing made sits on the baseline."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from widgets.machines.tile_delegate import sparkline_points

RECT = QRectF(10, 20, 100, 40)  # bottom at y = 60


def test_a_machine_that_made_nothing_draws_on_the_baseline() -> None:
    assert {p.y() for p in sparkline_points(RECT, [0, 0, 0])} == {60.0}


def test_counts_are_scaled_from_zero_not_from_their_lowest() -> None:
    points = sparkline_points(RECT, [10, 20])
    # 10 of 20 is half way up, not on the baseline as a min-to-max scale would put it.
    assert [p.y() for p in points] == [40.0, 20.0]
    assert [p.x() for p in points] == [10.0, 110.0]


def test_fewer_than_two_values_draw_nothing() -> None:
    assert sparkline_points(RECT, [5]) == []
