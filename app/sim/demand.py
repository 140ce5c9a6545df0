"""How much the demo plant's customers order, and how well it delivers, over a year.

Order intake per week is a base rate times a growth trend (the business grew about a fifth over
the last year), a yearly season (busiest in autumn, quiet around the Lunar New Year) and a
month-end rhythm (buyers place orders before their month closes). That is the shape the
Planning view's Holt-Winters forecast is meant to find. On-time delivery has a target per month
between 85 % and 95 %, drawn per seed: some months the plant struggles.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime

ORDERS_PER_WEEK = 22.0  # at the end of the history, on the standard plant
# Small, medium and large lines over a year, and on after it: fewer large ones than a plant
# without that history draws (BUSY_LINE_SIZES), whose mix would keep assembly at full load all
# year at this many orders.
LINE_SIZES = (65, 33, 2)
BUSY_LINE_SIZES = (45, 45, 10)  # a short demo: enough at-risk work to show from the start
GROWTH_PER_YEAR = 0.2
SEASON_AMPLITUDE = 0.12
PEAK_DAY_OF_YEAR = 280  # early October
MONTH_END_BOOST = 0.25  # in the last week of a month
ON_TIME_RANGE = (0.85, 0.95)


def weekly_rate(day: date, end: date, capacity: float = 1.0) -> float:
    """Expected orders per week around local `day`; `end` is the last day of the history."""
    years_back = (end - day).days / 365.0
    trend = 1.0 - GROWTH_PER_YEAR * years_back
    season = 1.0 + SEASON_AMPLITUDE * math.cos(
        2 * math.pi * (day.timetuple().tm_yday - PEAK_DAY_OF_YEAR) / 365.0)
    month_end = 1.0 + (MONTH_END_BOOST if day.day >= 24 else 0.0)
    return ORDERS_PER_WEEK * capacity * max(0.2, trend) * season * month_end


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class OnTimeTargets:
    """The share of order lines a month ships on time, drawn once per month and seed."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._by_month: dict[tuple[int, int], float] = {}

    def target(self, at: datetime) -> float:
        key = (at.year, at.month)
        if key not in self._by_month:
            # Seeded by the month itself, so a month's target does not depend on the start.
            rng = random.Random(f"{self._seed}/on-time/{key[0]}-{key[1]:02d}")
            self._by_month[key] = rng.uniform(*ON_TIME_RANGE)
        return self._by_month[key]
