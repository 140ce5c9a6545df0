"""Half-open time intervals [start, end): merging, clipping, subtracting, measuring."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

Interval = tuple[datetime, datetime]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping and touching intervals joined and empty ones dropped."""
    out: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def clip(intervals: Iterable[Interval], start: datetime, end: datetime) -> list[Interval]:
    return [(max(s, start), min(e, end)) for s, e in intervals if s < end and e > start]


def subtract(base: Sequence[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """`base` (merged) without any of `holes`."""
    cuts = merge(holes)
    out: list[Interval] = []
    for start, end in base:
        cursor = start
        for cut_start, cut_end in cuts:
            if cut_end <= cursor or cut_start >= end:
                continue
            if cut_start > cursor:
                out.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
            if cursor >= end:
                break
        if cursor < end:
            out.append((cursor, end))
    return out


def overlap_seconds(start: datetime, end: datetime, windows: Sequence[Interval]) -> float:
    """Seconds of [start, end) inside `windows` (merged, so nothing counts twice)."""
    total = 0.0
    for w_start, w_end in windows:
        if w_start >= end:
            break
        lo, hi = max(start, w_start), min(end, w_end)
        if hi > lo:
            total += (hi - lo).total_seconds()
    return total


def total_seconds(intervals: Iterable[Interval]) -> float:
    return sum((e - s).total_seconds() for s, e in intervals)
