"""Pareto bars: causes sorted by weight, each with its share and the running total of shares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ParetoBar:
    label: str
    value: float
    count: int
    share: float  # of the total value, 0..1
    cumulative_share: float  # this bar and every bar before it, 0..1


def pareto(values: Mapping[str, tuple[float, int]]) -> list[ParetoBar]:
    """Bars for label -> (value, count), sorted by value (largest first), ties by label.

    With a total of zero every share is 0, so a chart of nothing draws nothing rather than
    dividing by zero.
    """
    ordered = sorted(values.items(), key=lambda item: (-item[1][0], item[0]))
    total = sum(value for value, _ in values.values())
    bars: list[ParetoBar] = []
    running = 0.0
    for label, (value, count) in ordered:
        running += value
        share = value / total if total > 0 else 0.0
        # The last bar reaches exactly 1: float sums would leave 0.9999999.
        cumulative = running / total if total > 0 else 0.0
        bars.append(ParetoBar(label, float(value), int(count), share, min(cumulative, 1.0)))
    if bars and total > 0:
        last = bars[-1]
        bars[-1] = ParetoBar(last.label, last.value, last.count, last.share, 1.0)
    return bars
