"""The rule that keeps two people from promising the same hours, as plain data: the cache
checks it when a quote is stored (app.cache.store), the scheduler's holds explain it
(app.analytics.schedule.holds)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

QUOTE_ACTION = "quote"


class HeldMeanwhile(ValueError):
    """A quote would promise hours another quote holds since its answer was planned."""

    def __init__(self, other: Mapping[str, Any], centers: Iterable[str]) -> None:
        self.other = dict(other)
        self.centers = sorted(centers)
        super().__init__(
            f"capacity on {', '.join(self.centers)} was held by {other.get('by') or 'someone'} "
            f"for {other.get('quantity')} {other.get('product_id')} after this answer was "
            "planned: check the date again")


def overlapping(payload: Mapping[str, Any], later: Iterable[Any], today: date) -> None:
    """Raise HeldMeanwhile when a quote item queued after the one this payload's answer saw
    holds a work center this quote needs (`later`: quote items with a higher id)."""
    mine = set((payload.get("hours") or {}).keys())
    for item in later:
        if item.action != QUOTE_ACTION:
            continue
        state = item.state if isinstance(item.state, str) else str(item.state)
        if state == "parked":
            continue
        other = item.payload
        try:
            if date.fromisoformat(other["expires"]) < today:
                continue
        except (KeyError, TypeError, ValueError):
            continue
        shared = mine & set((other.get("hours") or {}).keys())
        if shared:
            raise HeldMeanwhile(other, shared)
