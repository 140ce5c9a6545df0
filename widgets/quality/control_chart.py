"""The control chart: values above, their spread below, each with its centre line and control
limits; rule violations marked and clickable. pyqtgraph, updated with setData on items made
once, downsampled by peak and clipped to the view so a million points still pan smoothly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from app.analytics.spc import ChartSeries, ControlChart

VALUE_COLOUR = "#2b6cb0"
LIMIT_COLOUR = "#c05621"
CENTRE_COLOUR = "#2f855a"
VIOLATION_COLOUR = "#d62828"
BACKGROUND = "#ffffff"
FOREGROUND = "#333333"
# Above this many points a dot per point is noise and slows panning: the line alone shows them.
SYMBOL_LIMIT = 3000
MARK_SIZE = 11
# With more marks than this around the view, keep one per MARK_CELL × MARK_CELL pixels: they
# overlap there anyway (a marker is MARK_SIZE wide). Wider cells look sparser than the truth.
THIN_ABOVE = 500
MARK_CELL = 5
LIMIT_PEN = pg.mkPen(LIMIT_COLOUR, width=1.5, style=Qt.PenStyle.DashLine)
CENTRE_PEN = pg.mkPen(CENTRE_COLOUR, width=1.5)


class _Panel:
    """One plot: the series, its three horizontal lines and its violation markers."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        # No grid: the centre line and limits are the references that matter, and a
        # translucent grid is replayed with each axis on every frame (most of a pan's cost).
        plot.setMenuEnabled(False)
        plot.hideButtons()
        # A 1 px cosmetic pen lets Qt draw one polyline instead of a segment per point.
        # Antialiasing off on the item itself: another view's global setConfigOptions(
        # antialias=True) must not make this curve several times dearer to draw.
        self.curve = pg.PlotDataItem(pen=pg.mkPen(VALUE_COLOUR, width=1), antialias=False,
                                     symbol="o", symbolSize=5, symbolPen=None,
                                     symbolBrush=VALUE_COLOUR)
        # On the plot, not the item: PlotItem.addItem overwrites an item's own settings with
        # the plot's (off by default).
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.addItem(self.curve)
        # Peak downsampling keeps each pixel column's extremes: two points per pixel are as
        # exact as more, and pyqtgraph's default (five pixels per point) draws 5× too many.
        self.curve.opts["autoDownsampleFactor"] = 1.0
        self.centre = pg.InfiniteLine(angle=0, pen=CENTRE_PEN, movable=False)
        self.ucl = pg.InfiniteLine(angle=0, pen=LIMIT_PEN, movable=False)
        self.lcl = pg.InfiniteLine(angle=0, pen=LIMIT_PEN, movable=False)
        # ignoreBounds: the range is set once from the data and the limits (`data_range`).
        for line in (self.centre, self.ucl, self.lcl):
            plot.addItem(line, ignoreBounds=True)
        self.marks = pg.ScatterPlotItem(symbol="d", size=MARK_SIZE,
                                        pen=pg.mkPen("#7a0000", width=1),
                                        brush=VIOLATION_COLOUR, hoverable=True)
        self.marks.setZValue(10)
        plot.addItem(self.marks, ignoreBounds=True)
        self.x = np.empty(0)
        self.y = np.empty(0)
        # All marked points (sorted by x); the scatter holds only those around the view.
        self.mark_x = np.empty(0)
        self.mark_y = np.empty(0)
        self.mark_index = np.empty(0, dtype=int)
        # (x from, x to, pixel width, pixel height) the scatter's marks were chosen for.
        self._marks_for: tuple[float, ...] | None = None
        plot.getViewBox().sigTransformChanged.connect(self.show_visible_marks)

    def show_series(self, series: ChartSeries | None, marked: Sequence[int],
                    times: np.ndarray | None = None) -> None:
        """`times`: seconds since the epoch of every chart point, for a time axis; None: the
        points are spaced by their number."""
        if series is None:
            self.x = self.y = self.mark_x = self.mark_y = np.empty(0)
            self.mark_index = np.empty(0, dtype=int)
            self._marks_for = None
            self.curve.setData([], [])
            self.marks.setData([], [])
            for line in (self.centre, self.ucl, self.lcl):
                line.hide()
            return
        self.x = np.asarray(series.point_index, dtype=float)
        if times is not None:
            self.x = np.asarray(times, dtype=float)[np.asarray(series.point_index, dtype=int)]
        self.y = np.asarray(series.values, dtype=float)
        self.curve.setSymbol("o" if len(self.y) <= SYMBOL_LIMIT else None)
        self.curve.setData(self.x, self.y)
        limits = series.limits
        for line, value in ((self.centre, limits.center), (self.ucl, limits.ucl),
                            (self.lcl, limits.lcl)):
            finite = value is not None and np.isfinite(value)
            line.setVisible(bool(finite))
            if finite:
                line.setValue(float(value))
        # point_index is sorted: find the marked points without a dict of a million entries.
        index = np.asarray(series.point_index)
        wanted = np.asarray(marked, dtype=index.dtype if index.size else int)
        rows = np.searchsorted(index, wanted)
        keep = rows < index.size
        rows = np.unique(rows[keep][index[rows[keep]] == wanted[keep]])  # sorted: by x
        self.mark_x, self.mark_y, self.mark_index = self.x[rows], self.y[rows], index[rows]
        self._marks_for = None

    def data_range(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """(x, y) extent of the points and the finite limits; None without finite points."""
        finite = np.isfinite(self.y)
        if not finite.any():
            return None
        ys = [self.y[finite].min(), self.y[finite].max()]
        ys += [line.value() for line in (self.centre, self.ucl, self.lcl) if line.isVisible()]
        return (float(self.x[0]), float(self.x[-1])), (float(min(ys)), float(max(ys)))

    def show_visible_marks(self, *_: object) -> None:
        """Hand the scatter the marks around the view, at most one per few-pixel cell.

        With a drift, rules fire on a good share of a long series, and pyqtgraph walks every
        point it is given on each frame (and each point handed over costs Python time). So the
        scatter gets the marks of the view and half a view either side, thinned where they
        overlap anyway; a pan within that stretch at the same zoom changes nothing here. Cells
        are anchored to the data, not the screen, so the marks kept do not flicker.
        """
        view = self.plot.getViewBox()
        (x0, x1), _ = view.viewRange()
        pixel = np.array(view.viewPixelSize())
        if not np.isfinite(pixel).all():  # not laid out yet
            pixel[:] = 0.0
        done = self._marks_for
        if (done is not None and done[0] <= x0 and x1 <= done[1]
                and np.allclose(pixel, done[2:], rtol=0.01)):
            return
        margin = (x1 - x0) / 2
        lo, hi = np.searchsorted(self.mark_x, (x0 - margin, x1 + margin))
        xs, ys, index = self.mark_x[lo:hi], self.mark_y[lo:hi], self.mark_index[lo:hi]
        if xs.size > THIN_ABOVE and (pixel > 0).all():
            column = np.floor(xs / (MARK_CELL * pixel[0])).astype(np.int64)
            row = np.floor(ys / (MARK_CELL * pixel[1])).astype(np.int64)
            column -= column[0]
            row -= row.min()
            _, first = np.unique(column * (int(row.max()) + 1) + row, return_index=True)
            xs, ys, index = xs[first], ys[first], index[first]
        self.marks.setData(xs, ys, data=index)
        self._marks_for = (x0 - margin, x1 + margin, *pixel)


class ControlChartWidget(pg.GraphicsLayoutWidget):
    # The chart point (index of the subgroup or measurement) of a clicked violation marker.
    point_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, show=False)
        self.setBackground(BACKGROUND)
        self.setMinimumHeight(220)
        self.primary = _Panel(self.addPlot(row=1, col=0))
        self.secondary = _Panel(self.addPlot(row=2, col=0))
        self.secondary.plot.setXLink(self.primary.plot)
        # The panels share x: one axis under the lower panel says it for both.
        self.primary.plot.getAxis("bottom").setStyle(showValues=False)
        self.ci.layout.setRowStretchFactor(1, 3)
        self.ci.layout.setRowStretchFactor(2, 2)
        for panel in (self.primary, self.secondary):
            panel.plot.getAxis("left").setWidth(64)  # aligned panels whatever the digits
            panel.marks.sigClicked.connect(self._on_marks_clicked)
        # In a row of its own above the panels: over the plot it would hide the newest points.
        self.legend = pg.LegendItem(labelTextColor=FOREGROUND, colCount=4)
        self.addItem(self.legend, row=0, col=0)
        self.ci.layout.setRowStretchFactor(0, 0)
        self.chart: ControlChart | None = None
        self.times: np.ndarray | None = None  # per chart point, when the x axis shows time
        self.x_label = ""
        self._axis: tuple[int, str] | None = None  # (UTC offset, label) of a time axis

    def set_time_axis(self, on: bool, utc_offset_seconds: int = 0, label: str = "") -> None:
        """The bottom axis as time (shown at this offset from UTC, labelled `label`), or as
        point numbers. set_chart then takes each point's time."""
        wanted = (utc_offset_seconds, label) if on else None
        if wanted == self._axis:
            return
        self._axis = wanted
        if on:
            # pyqtgraph counts the offset westwards, as time.timezone does.
            axis = pg.DateAxisItem("bottom", utcOffset=-utc_offset_seconds)
        else:
            axis = pg.AxisItem("bottom")
        plot = self.secondary.plot
        plot.setAxisItems({"bottom": axis})
        plot.setLabel("bottom", label if on else self.x_label, color=FOREGROUND)

    def time_axis(self) -> bool:
        return self._axis is not None

    def set_texts(self, values: str, spread: str, x_label: str, legend: Sequence[str]) -> None:
        """Translated texts: panel titles, x axis, and legend (values, centre, limits, rule)."""
        self.primary.plot.setLabel("left", values, color=FOREGROUND)
        self.secondary.plot.setLabel("left", spread, color=FOREGROUND)
        self.x_label = x_label
        if self._axis is None:
            self.secondary.plot.setLabel("bottom", x_label, color=FOREGROUND)
        self.legend.clear()
        items = (self.primary.curve, pg.PlotDataItem(pen=CENTRE_PEN),
                 pg.PlotDataItem(pen=LIMIT_PEN), self.primary.marks)
        for item, text in zip(items, legend, strict=True):
            self.legend.addItem(item, text)

    def set_chart(self, chart: ControlChart | None, marked_primary: Sequence[int] = (),
                  marked_secondary: Sequence[int] = (), times: np.ndarray | None = None
                  ) -> None:
        """`times`: seconds since the epoch of each chart point, to place the points on a time
        axis (see set_time_axis); None: by their number."""
        self.chart = chart
        self.times = None if times is None else np.asarray(times, dtype=float)
        self.primary.show_series(chart.primary if chart else None, marked_primary, self.times)
        secondary = chart.secondary if chart else None
        self.secondary.show_series(secondary, marked_secondary, self.times)
        self.secondary.plot.setVisible(secondary is not None)
        # The extent once, here, instead of pyqtgraph's auto range asking every item for its
        # bounds on each frame of a pan. x from the primary: the secondary's x is linked to it.
        for panel in (self.primary, self.secondary):
            extent = panel.data_range()
            if extent is None:
                panel.plot.enableAutoRange()
                continue
            if panel is self.primary:
                panel.plot.setXRange(*extent[0])
            panel.plot.setYRange(*extent[1])
        for panel in (self.primary, self.secondary):
            panel.show_visible_marks()  # the range may not have changed: no signal then

    def marked_points(self, panel: str = "primary") -> list[int]:
        """All marked chart points of the panel, also those out of view or thinned out."""
        return (self.primary if panel == "primary" else self.secondary).mark_index.tolist()

    def _on_marks_clicked(self, _item: pg.ScatterPlotItem, points: Sequence) -> None:
        if len(points):
            self.point_clicked.emit(int(points[0].data()))
