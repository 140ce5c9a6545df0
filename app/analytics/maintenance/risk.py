"""Each machine's risk: the model chosen from its failure history, and the probability that it
fails in the next shift, day and week, with a 90 % interval.

The model is a Weibull in operating hours when the machine has at least
`settings.min_weibull_failures` failures; with fewer, a Kaplan-Meier estimate (and the view
says so). A calendar horizon becomes operating hours through the machine's operating share of
the last two weeks. The interval comes from the fit's own uncertainty: parameter sets drawn
from the estimates' covariance (Weibull) or the intervals resampled (Kaplan-Meier), both with a
fixed seed so a risk does not flicker between two identical reads.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np

from app.analytics.maintenance.history import FailureHistory
from app.analytics.maintenance.kaplan_meier import KaplanMeier, kaplan_meier
from app.analytics.maintenance.weibull import (
    FitFailed,
    WeibullFit,
    conditional_failure,
    fit_weibull,
    hours_to_threshold,
)

SHIFT, DAY, WEEK = timedelta(hours=8), timedelta(days=1), timedelta(days=7)
DRAWS = 400
LOW_Q, HIGH_Q = 5.0, 95.0


@dataclass(slots=True, kw_only=True)
class MaintenanceSettings:
    """What the plant sets."""

    # Plan maintenance before the chance of a failure (from now) reaches this.
    threshold: float = 0.5
    min_weibull_failures: int = 10  # fewer: Kaplan-Meier, no assumed shape
    window_hours: float = 2.0  # how long a maintenance stop takes
    windows_offered: int = 3
    # How far ahead windows are looked for when the threshold is already near or past.
    min_search: timedelta = timedelta(days=1)
    max_search: timedelta = timedelta(days=14)


class Model(StrEnum):
    WEIBULL = "weibull"
    KAPLAN_MEIER = "kaplan_meier"
    NONE = "none"  # no failure in the history, or not running: nothing to estimate


@dataclass(frozen=True, slots=True)
class Probability:
    value: float | None  # None: the model cannot say (Kaplan-Meier beyond its data)
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class MachineRisk:
    machine_id: str
    history: FailureHistory
    model: Model
    weibull: WeibullFit | None = None
    km: KaplanMeier | None = None
    next_shift: Probability = field(default_factory=lambda: Probability(None))
    next_day: Probability = field(default_factory=lambda: Probability(None))
    next_week: Probability = field(default_factory=lambda: Probability(None))
    # When the chance of a failure from now reaches the plant's threshold (None: not within
    # what the model can say, or the machine does not run).
    threshold_at: datetime | None = None
    why: str = ""  # why this model, in words (English; the view translates its own)

    @property
    def rank_key(self) -> tuple[float, str]:
        p = self.next_day.value
        return (-(p if p is not None else -1.0), self.machine_id)


def _operating(share: float, horizon: timedelta) -> float:
    return share * horizon.total_seconds() / 3600.0


def _interval(samples: np.ndarray) -> tuple[float, float]:
    finite = samples[np.isfinite(samples)]
    if finite.size == 0:
        return (math.nan, math.nan)
    return float(np.percentile(finite, LOW_Q)), float(np.percentile(finite, HIGH_Q))


def _weibull_probability(fit: WeibullFit, draws: np.ndarray, age: float, ahead: float
                         ) -> Probability:
    value = float(conditional_failure(fit.shape, fit.scale, age, ahead))
    if not len(draws):
        return Probability(value)
    low, high = _interval(conditional_failure(np.exp(draws[:, 0]), np.exp(draws[:, 1]),
                                              age, ahead))
    return Probability(value, low, high)


def _km_probability(km: KaplanMeier, resampled: list[KaplanMeier], age: float, ahead: float
                    ) -> Probability:
    value = km.conditional_failure(age, ahead)
    if value is None:
        return Probability(None)
    samples = np.array([p for r in resampled
                        if (p := r.conditional_failure(age, ahead)) is not None])
    low, high = _interval(samples) if samples.size else (None, None)
    return Probability(value, low, high)


def machine_risk(history: FailureHistory, now: datetime,
                 settings: MaintenanceSettings | None = None, *,
                 intervals: bool = True, scale_factor: float = 1.0) -> MachineRisk:
    """`intervals=False`: the probabilities alone (the backtest needs no uncertainty).
    `scale_factor`: what a covariate that measurably improves the fit says about the running
    interval (app.analytics.maintenance.covariates); it stretches the fitted scale, and the
    interval keeps the plain fit's uncertainty."""
    settings = settings or MaintenanceSettings()
    draws_wanted = DRAWS if intervals else 0
    durations, observed = history.survival_data()
    failures = sum(observed)
    if failures == 0:
        return MachineRisk(history.machine_id, history, Model.NONE,
                           why="no failure between two others in the history")
    age, share = history.age_hours, history.operating_share
    horizons = [_operating(share, h) for h in (SHIFT, DAY, WEEK)]
    rng = np.random.default_rng(zlib.crc32(history.machine_id.encode()))  # same id, same draws
    fit: WeibullFit | None = None
    why = ""
    if failures >= settings.min_weibull_failures:
        try:
            fit = fit_weibull(durations, observed)
        except FitFailed as error:
            why = str(error)
    else:
        why = (f"{failures} failures: fewer than {settings.min_weibull_failures}, too few "
               "for a Weibull fit")
    if fit is not None:
        if scale_factor != 1.0:
            fit = replace(fit, scale=fit.scale * scale_factor)
        draws = rng.multivariate_normal([math.log(fit.shape), math.log(fit.scale)],
                                        np.array(fit.covariance), size=draws_wanted)
        p = [_weibull_probability(fit, draws, age, h) for h in horizons]
        ahead = hours_to_threshold(fit, age, settings.threshold)
        return MachineRisk(history.machine_id, history, Model.WEIBULL, weibull=fit,
                           next_shift=p[0], next_day=p[1], next_week=p[2],
                           threshold_at=_calendar(now, ahead, share),
                           why=f"{failures} failures: Weibull fit")
    km = kaplan_meier(durations, observed)
    x, d = np.asarray(durations), np.asarray(observed)
    resampled = []
    for _ in range(draws_wanted // 2):
        pick = rng.integers(0, x.size, x.size)
        if d[pick].any():
            resampled.append(kaplan_meier(x[pick], d[pick]))
    p = [_km_probability(km, resampled, age, h) for h in horizons]
    return MachineRisk(history.machine_id, history, Model.KAPLAN_MEIER, km=km,
                       next_shift=p[0], next_day=p[1], next_week=p[2],
                       threshold_at=_calendar(now, km.hours_to_threshold(age,
                                                                         settings.threshold),
                                              share),
                       why=why)


def probability_within(risk: MachineRisk, horizon: timedelta) -> float | None:
    """P(failure within `horizon` of calendar time from now), without an interval; None when
    the model cannot say."""
    ahead = _operating(risk.history.operating_share, horizon)
    if risk.weibull is not None:
        return float(conditional_failure(risk.weibull.shape, risk.weibull.scale,
                                         risk.history.age_hours, ahead))
    if risk.km is not None:
        return risk.km.conditional_failure(risk.history.age_hours, ahead)
    return None


def _calendar(now: datetime, operating_hours: float | None, share: float) -> datetime | None:
    """The calendar moment `operating_hours` of operation from now, at the recent share."""
    if operating_hours is None or share <= 0:
        return None
    hours = operating_hours / share
    if hours > 24 * 366:
        return None
    return now + timedelta(hours=hours)


def machine_risks(histories: Mapping[str, FailureHistory], now: datetime,
                  settings: MaintenanceSettings | None = None) -> list[MachineRisk]:
    """Every machine's risk, riskiest first (the chance of a failure in the next day)."""
    risks = [machine_risk(h, now, settings) for h in histories.values()]
    return sorted(risks, key=lambda r: r.rank_key)
