"""The values of the figures management asks for: a figure, its weekly trend and the kind of
rows behind it. Plain data only (the standard library), so that the console's first frame can
draw the figures saved at the last run without importing the analytics that compute them."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

CURRENT_WEEKS = 4  # a flow figure's current value: the current week so far and 3 before it


class RowKind(StrEnum):
    """What the keys behind a figure name."""

    ORDER_LINE = "order_line"  # (order id, line no)
    COMPLAINT = "complaint"  # complaint id
    WORK_ORDER = "work_order"  # work order id
    LINE = "line"  # production line id (NO_LINE for machines without one)
    MACHINE = "machine"  # machine id


@dataclass(frozen=True, slots=True)
class Week:
    monday: date  # local
    start: datetime  # UTC: Monday 00:00 at the site
    end: datetime  # UTC: the next Monday 00:00 at the site

    @property
    def label(self) -> str:
        iso = self.monday.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"


@dataclass(frozen=True, slots=True)
class WeekPoint:
    week: Week
    value: float | None  # None: nothing to measure that week
    count: int = 0  # how many items (lines, complaints, work orders...) are behind it
    extra: float | None = None  # a second figure where the KPI has one (mean lead time)


@dataclass(frozen=True, slots=True)
class Kpi:
    name: str  # stable id
    value: float | None  # None: nothing to measure
    unit: str  # "%", "days", "lines", "complaints", "work orders" or a quantity's unit
    series: tuple[WeekPoint, ...]
    keys: tuple[Hashable, ...]  # the rows behind `value`, for the click-through
    row_kind: RowKind
    breakdown: tuple[tuple[str, float | None], ...] = ()  # labelled parts of the value
    since: date | None = None  # first local day the value covers; None: it is a snapshot
