"""Does a live signal (temperature, spindle load) explain when a machine fails? Checked, not
assumed: a Weibull whose scale depends on the signal's mean over each interval,
log(scale) = b0 + b1 * z (z the standardised signal, one shape for all), is fitted beside the
plain Weibull, and the signal is used only when it measurably improves the fit: a likelihood-
ratio test at 1 % and a lower AIC by at least 2. The gain is reported either way.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy.optimize import minimize
from scipy.stats import chi2

from app.analytics.maintenance.weibull import FitFailed, WeibullFit, fit_weibull

MIN_INTERVALS = 20  # with a signal value: fewer and the check has no power, so it is not run
ALPHA = 0.01
MIN_AIC_GAIN = 2.0


@dataclass(frozen=True, slots=True)
class CovariateCheck:
    signal: str  # "temperature_c"
    intervals: int  # intervals that had a value of the signal
    used: bool
    aic_gain: float | None = None  # AIC of the plain fit minus AIC with the signal (> 0: better)
    p_value: float | None = None
    effect: float | None = None  # b1: the change in log(scale) per standard deviation
    mean: float = 0.0
    sd: float = 1.0
    why: str = ""  # when not run

    def scale_factor(self, value: float) -> float:
        """How much the signal at `value` stretches (>1) or shrinks the scale."""
        if not self.used or self.effect is None:
            return 1.0
        return math.exp(self.effect * (value - self.mean) / self.sd)


def interval_means(spans: Sequence[tuple[datetime, datetime]],
                   samples: Sequence[tuple[datetime, float]]) -> list[float | None]:
    """The mean of a signal's samples (time, value; sorted by time) inside each span; None
    where the span holds none."""
    times = [t for t, _ in samples]
    out: list[float | None] = []
    for start, end in spans:
        values = [v for _, v in samples[bisect.bisect_left(times, start):
                                        bisect.bisect_left(times, end)]]
        out.append(sum(values) / len(values) if values else None)
    return out


def _negative_ll(theta: np.ndarray, log_x: np.ndarray, d: np.ndarray, z: np.ndarray) -> float:
    a, b0, b1 = theta
    k = math.exp(a)
    u = log_x - (b0 + b1 * z)
    hazard = np.exp(np.clip(k * u, -700, 700))
    return -float(np.sum(d * (a - (b0 + b1 * z) + (k - 1) * u)) - hazard.sum())


def check_covariate(signal: str, durations: Sequence[float], observed: Sequence[bool],
                    values: Sequence[float | None]) -> CovariateCheck:
    """`values[i]`: the signal's mean over interval i (None: no signal history then)."""
    rows = [(x, o, v) for x, o, v in zip(durations, observed, values, strict=True)
            if v is not None and x > 0]
    if len(rows) < MIN_INTERVALS:
        return CovariateCheck(signal, len(rows), False,
                              why=f"signal history covers {len(rows)} of {len(durations)} "
                                  f"intervals (at least {MIN_INTERVALS} needed)")
    x = np.array([r[0] for r in rows], dtype=float)
    d = np.array([r[1] for r in rows], dtype=float)
    v = np.array([r[2] for r in rows], dtype=float)
    mean, sd = float(v.mean()), float(v.std())
    if sd <= 0:
        return CovariateCheck(signal, len(rows), False, why="the signal does not vary")
    try:
        plain: WeibullFit = fit_weibull(x, d.astype(bool))
    except FitFailed as error:
        return CovariateCheck(signal, len(rows), False, why=str(error))
    z = (v - mean) / sd
    start = np.array([math.log(plain.shape), math.log(plain.scale), 0.0])
    result = minimize(_negative_ll, start, args=(np.log(x), d, z), method="BFGS")
    ll_with = -float(result.fun)
    lr = max(2.0 * (ll_with - plain.log_likelihood), 0.0)
    p_value = float(chi2.sf(lr, df=1))
    aic_gain = (2 * 2 - 2 * plain.log_likelihood) - (2 * 3 - 2 * ll_with)
    used = p_value < ALPHA and aic_gain >= MIN_AIC_GAIN
    return CovariateCheck(signal, len(rows), used, aic_gain=aic_gain, p_value=p_value,
                          effect=float(result.x[2]), mean=mean, sd=sd)
