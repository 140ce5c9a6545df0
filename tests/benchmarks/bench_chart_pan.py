"""Panning a control chart of 1,000,000 points: time per repainted frame.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_chart_pan
An I chart of a million measurements in the Quality view's chart widget (offscreen, 1000×600),
zoomed to a tenth of the series and panned across it in 60 steps; each step forces a repaint.
Every point a Nelson rule marks is handed to the chart (about 200,000 here), as the view does.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

POINTS = 1_000_000
STEPS = 60
VISIBLE = POINTS // 10


def pan_frame_times(points: int = POINTS, steps: int = STEPS) -> list[float]:
    from app.analytics.spc import i_mr, rule_hits
    from widgets.quality.control_chart import ControlChartWidget

    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(7)
    values = 10 + rng.normal(0, 0.01, points)
    values[points // 2:] += 0.004  # a shift half way, so rules fire as they would on a drift
    chart = i_mr(values, slice(0, 25))
    marked = np.unique(np.concatenate(list(rule_hits(chart.primary).values())))
    widget = ControlChartWidget()
    widget.set_texts("I", "MR", "n", ["values", "centre", "limits", "rule"])
    widget.resize(1000, 600)
    widget.set_chart(chart, marked.tolist())  # every rule hit, as the Quality view hands them
    widget.show()
    app.processEvents()
    plot = widget.primary.plot
    plot.setXRange(0, VISIBLE, padding=0)
    widget.repaint()
    app.processEvents()
    times: list[float] = []
    stride = (points - VISIBLE) / steps
    for step in range(1, steps + 1):
        left = step * stride
        began = time.perf_counter()
        plot.setXRange(left, left + VISIBLE, padding=0)
        widget.repaint()
        app.processEvents()
        times.append((time.perf_counter() - began) * 1000)
    widget.close()
    return times


def main() -> None:
    times = pan_frame_times()
    median = statistics.median(times)
    p99 = float(np.percentile(times, 99))
    print(f"chart_pan_frame_ms_1m_points: {median:.1f} ms (target: < 16 ms)")
    print(f"chart_pan_frame_ms_p99_1m_points: {p99:.1f} ms (target: none, for context)")


if __name__ == "__main__":
    main()
