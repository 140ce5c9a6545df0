"""What changes between two plans for the customer: order lines that finish earlier or later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.analytics.schedule.plan import LineKey, Plan


@dataclass(frozen=True, slots=True)
class LineShift:
    line: LineKey
    before: date | None  # predicted completion (local date) in the first plan
    after: date | None  # ... and in the second
    promised: date | None

    @property
    def days(self) -> int:
        """Positive: later than before."""
        if self.before is None or self.after is None:
            return 0
        return (self.after - self.before).days

    @property
    def days_late(self) -> int:
        """Days after the promised date in the second plan (0 when on time)."""
        if self.after is None or self.promised is None:
            return 0
        return max((self.after - self.promised).days, 0)


def line_shifts(before: Plan, after: Plan, promised: dict[LineKey, date | None]
                ) -> list[LineShift]:
    """Lines whose predicted completion date moves, latest-moving first, then by line."""
    shifts = []
    for key, finish in after.line_finish.items():
        if key not in before.line_finish or before.line_finish[key] == finish:
            continue  # same moment, same day: nothing to convert
        a, b = before.line_completion_date(key), after.line_completion_date(key)
        if a != b:
            shifts.append(LineShift(key, a, b, promised.get(key)))
    shifts.sort(key=lambda s: (-s.days, s.line))
    return shifts


def newly_late(shifts: list[LineShift]) -> list[LineShift]:
    """Lines the change makes miss their promised date, or miss it by more."""
    return [s for s in shifts if s.days > 0 and s.days_late > 0]
