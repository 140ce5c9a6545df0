"""Forecast one weekly series: Holt-Winters when there is enough history, else the recent mean.

- Model: `statsmodels.tsa.holtwinters.ExponentialSmoothing` with additive trend and additive
  season, parameters estimated by maximum likelihood, when the history holds at least two
  full seasons (`2 × season_length` weeks). The season length defaults to 4 weeks (a
  month-end ordering rhythm), because a console's cache rarely holds the two years that a
  52-week season needs; 13 (a quarter) suits plants with a year or more of history.
- Fallback on shorter history (or when the fit fails or the history is flat): the mean of the
  last `fallback_weeks` weeks, flat over the horizon.
- Band: forecast ± z × σ, where σ is the standard deviation of the model's in-sample one-step
  residuals (Holt-Winters), or of the last weeks themselves (fallback). It is the same width
  for every week ahead: a simple, readable band, not a widening prediction interval. Demand
  is never negative, so forecast and band are cut at 0.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev

SEASON_WEEKS = 4
FALLBACK_WEEKS = 8
BAND_Z = 1.96  # about 95 % of weeks inside the band, if the errors are roughly normal

HOLT_WINTERS = "holt-winters"
RECENT_MEAN = "recent mean"


@dataclass(frozen=True, slots=True)
class SeriesForecast:
    mean: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    method: str  # HOLT_WINTERS or RECENT_MEAN
    sigma: float  # the spread the band is made of, in the series' unit
    season_length: int | None = None  # the season fitted (Holt-Winters only)


def forecast_series(history: Sequence[float], horizon: int, *,
                    season_length: int = SEASON_WEEKS, fallback_weeks: int = FALLBACK_WEEKS,
                    z: float = BAND_Z) -> SeriesForecast | None:
    """`horizon` values after the last one of `history`; None when there is no history."""
    if not history or horizon <= 0:
        return None
    values = [float(v) for v in history]
    if season_length >= 2 and len(values) >= 2 * season_length and pstdev(values) > 0:
        fitted = _holt_winters(values, horizon, season_length)
        if fitted is not None:
            mean, sigma = fitted
            return _banded(mean, sigma, z, HOLT_WINTERS, season_length)
    recent = values[-fallback_weeks:]
    level = fmean(recent)
    sigma = pstdev(recent) if len(recent) > 1 else 0.0
    return _banded([level] * horizon, sigma, z, RECENT_MEAN, None)


def _holt_winters(values: list[float], horizon: int,
                  season_length: int) -> tuple[list[float], float] | None:
    # Imported here: statsmodels (with scipy and pandas) takes a while to load, and only the
    # forecast needs it, in a worker, not the console's start-up.
    import numpy as np
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    # Convergence chatter on short, lumpy series; log(0) in the information criteria when a
    # series fits exactly.
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            fit = ExponentialSmoothing(
                np.asarray(values), trend="add", seasonal="add",
                seasonal_periods=season_length, initialization_method="estimated").fit()
            mean = [float(v) for v in fit.forecast(horizon)]
        except (ValueError, np.linalg.LinAlgError):
            return None
    residuals = np.asarray(fit.resid, dtype=float)
    if not all(map(math.isfinite, mean)) or not np.all(np.isfinite(residuals)):
        return None
    return mean, float(np.std(residuals))


def _banded(mean: list[float], sigma: float, z: float, method: str,
            season_length: int | None) -> SeriesForecast:
    half = z * sigma
    return SeriesForecast(
        mean=tuple(max(m, 0.0) for m in mean),
        low=tuple(max(m - half, 0.0) for m in mean),
        high=tuple(max(m + half, 0.0) for m in mean),
        method=method, sigma=sigma, season_length=season_length)
