"""A machine's working time as one line of working seconds, so durations add up across nights,
weekends and maintenance without walking the calendar.

Times are POSIX seconds (floats) inside the scheduler; the plan converts back to datetimes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class WorkingTime:
    """Sorted, disjoint working windows [start, end) and the working seconds before each."""

    __slots__ = ("starts", "ends", "cumulative", "total")

    def __init__(self, windows: Iterable[tuple[float, float]]) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.cumulative: list[float] = []  # working seconds before window i
        total = 0.0
        for start, end in sorted(windows):
            if end <= start:
                continue
            if self.ends and start <= self.ends[-1]:  # overlapping or touching: merge
                if end > self.ends[-1]:
                    total += end - self.ends[-1]
                    self.ends[-1] = end
                continue
            self.starts.append(start)
            self.ends.append(end)
            self.cumulative.append(total)
            total += end - start
        self.total = total

    def to_work(self, t: float) -> float:
        """Working seconds from the first window up to time t."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0.0
        return self.cumulative[i] + min(t, self.ends[i]) - self.starts[i]

    def start_at(self, w: float) -> float | None:
        """The time at which working second w begins (at a window boundary: the next window's
        start, not the previous one's end). None beyond the horizon."""
        if w >= self.total:
            return None
        i = bisect_right(self.cumulative, w) - 1
        return self.starts[i] + (w - self.cumulative[i])

    def end_at(self, w: float) -> float | None:
        """The time at which working second w has been worked (at a boundary: the window's end,
        so work finishing at the end of a shift finishes then, not next morning)."""
        if w > self.total or not self.starts:
            return None
        i = max(bisect_left(self.cumulative, w) - 1, 0)
        return self.starts[i] + (w - self.cumulative[i])

    def between(self, a: float, b: float) -> float:
        """Working seconds in [a, b)."""
        return self.to_work(b) - self.to_work(a) if b > a else 0.0


def subtract(windows: list[tuple[float, float]],
             holes: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """`windows` (sorted, disjoint) minus every hole."""
    out = windows
    for h_start, h_end in sorted(holes):
        if h_end <= h_start:
            continue
        cut: list[tuple[float, float]] = []
        for start, end in out:
            if end <= h_start or start >= h_end:
                cut.append((start, end))
                continue
            if start < h_start:
                cut.append((start, h_start))
            if end > h_end:
                cut.append((h_end, end))
        out = cut
    return out
