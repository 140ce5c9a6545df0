"""Kaplan-Meier survival estimate: no assumed shape, for machines with too few failures to fit
a Weibull. It knows nothing beyond the longest interval seen, and says so (None)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class KaplanMeier:
    times: tuple[float, ...]  # distinct failure times, ascending
    survival: tuple[float, ...]  # S just after each of them
    longest: float  # the longest duration seen (failed or censored)
    failures: int
    censored: int

    def at(self, hours: float) -> float | None:
        """S(hours); None past the longest duration seen (the estimate is undefined there)."""
        if hours > self.longest:
            return None
        i = int(np.searchsorted(self.times, hours, side="right"))
        return 1.0 if i == 0 else self.survival[i - 1]

    def conditional_failure(self, age: float, ahead: float) -> float | None:
        now, later = self.at(age), self.at(age + ahead)
        if now is None or later is None or now <= 0:
            return None
        return 1.0 - later / now

    def hours_to_threshold(self, age: float, threshold: float) -> float | None:
        now = self.at(age)
        if now is None or now <= 0:
            return None
        for t, s in zip(self.times, self.survival, strict=True):
            if t > age and 1.0 - s / now >= threshold:
                return t - age
        return None


def kaplan_meier(durations: Sequence[float], observed: Sequence[bool]) -> KaplanMeier:
    x = np.asarray(durations, dtype=float)
    d = np.asarray(observed, dtype=bool)
    times: list[float] = []
    survival: list[float] = []
    s = 1.0
    for t in np.unique(x[d]):
        at_risk = int(np.sum(x >= t))
        died = int(np.sum((x == t) & d))
        s *= 1.0 - died / at_risk
        times.append(float(t))
        survival.append(s)
    return KaplanMeier(tuple(times), tuple(survival), float(x.max()) if x.size else 0.0,
                       int(d.sum()), int((~d).sum()))
