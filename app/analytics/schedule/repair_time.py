"""How long a machine that is down now stays down: the MES gives no repair estimate, so it is
the mean of what is left of the machine's past breakdowns that lasted as long as this one
already has (its work center's, with too few of its own; the plan's setting, with none)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from app.domain import Downtime

MIN_REPAIRS = 3


def expected_repair_seconds(downtime: Iterable[Downtime], machines: set[str], since: datetime,
                            now: datetime, default_seconds: float) -> float:
    """Seconds from `now` until a breakdown of one of `machines` that began at `since` is
    repaired (wall-clock time: repairs go on outside shifts)."""
    elapsed = max((now - since).total_seconds(), 0.0)
    left = [(d.end - d.start).total_seconds() - elapsed for d in downtime
            if not d.planned and d.end is not None and d.machine_id in machines
            and (d.end - d.start).total_seconds() > elapsed]
    if len(left) < MIN_REPAIRS:
        return default_seconds
    return sum(left) / len(left)
