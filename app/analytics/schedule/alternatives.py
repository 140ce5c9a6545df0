"""Alternatives to a wanted date that cannot be met, for new demand: how much can be complete
by the wanted date, and the split that follows (that much on the wanted date, the rest on the
earliest date the whole can be complete).

The quantity is found by asking the scheduler again for less (a bisection over whole units,
at most MAX_ASKS plans): the largest quantity found whose earliest date is the wanted date or
before. It is a lower bound; each ask plans the smaller request exactly as the full one is.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal

from app.analytics.schedule.plan import Plan
from app.analytics.schedule.promise import PromiseAnswer, capable_to_promise
from app.analytics.schedule.snapshot import PlantSnapshot

MAX_ASKS = 8


def with_alternatives(snapshot: PlantSnapshot, answer: PromiseAnswer,
                      baseline: Plan | None = None) -> PromiseAnswer:
    """The answer with `by_wanted` set when the wanted date is missed (new demand only)."""
    request = answer.request
    if answer.feasible or answer.planned_line or answer.problem or answer.earliest is None:
        return answer
    whole = request.quantity.to_integral_value(rounding=ROUND_FLOOR)
    low, high = Decimal(0), whole  # low can be made by the date; high cannot (the full ask)
    for _ in range(MAX_ASKS):
        if high - low <= 1:
            break
        middle = ((low + high) / 2).to_integral_value(rounding=ROUND_FLOOR)
        trial = capable_to_promise(snapshot, replace(request, quantity=middle), baseline)
        if trial.earliest is not None and trial.earliest <= request.requested_date:
            low = middle
        else:
            high = middle
    return replace(answer, by_wanted=low)


def split(answer: PromiseAnswer) -> tuple[Decimal, Decimal] | None:
    """(now, later): `now` by the wanted date, `later` on answer.earliest; None: no split
    (the whole is on time, or nothing can be ready by the wanted date)."""
    if answer.by_wanted is None or answer.by_wanted <= 0 or answer.earliest is None:
        return None
    rest = answer.request.quantity - answer.by_wanted
    return (answer.by_wanted, rest) if rest > 0 else None
