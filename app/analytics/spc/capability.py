"""Process capability: Cp and Cpk from the within-subgroup sigma, Pp and Ppk from the overall one.

An index is None where it cannot be computed: Cp and Pp need both specification limits; Cpk and
Ppk use the side(s) given; any index is None when its sigma is not a positive number (fewer than
two values, or no variation at all).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.analytics.spc.charts import subgroup
from app.analytics.spc.constants import D2_MOVING_RANGE_2, constants


@dataclass(frozen=True, slots=True)
class Capability:
    n: int
    mean: float
    sigma_within: float
    sigma_overall: float
    cp: float | None
    cpk: float | None
    pp: float | None
    ppk: float | None


def capability(values: np.ndarray, lsl: float | None, usl: float | None,
               sigma_within: float | None = None, subgroup_size: int = 1) -> Capability:
    """Capability of `values` against the specification limits (Decimal limits are fine).

    sigma_within defaults to MR̄/1.128 over consecutive values when subgroup_size is 1, else R̄/d2
    over consecutive subgroups of that size (the incomplete tail and subgroups with a missing
    value left out). The overall sigma is the sample standard deviation (ddof=1). NaNs are
    ignored.
    """
    low = None if lsl is None else float(lsl)
    high = None if usl is None else float(usl)
    if low is not None and high is not None and low >= high:
        raise ValueError(f"the lower specification limit {low} is not below the upper {high}")
    raw = np.asarray(values, dtype=np.float64).ravel()
    x = raw[np.isfinite(raw)]
    n = int(x.size)
    mean = float(x.mean()) if n else math.nan
    overall = float(x.std(ddof=1)) if n >= 2 else math.nan
    within = float(sigma_within) if sigma_within is not None else _within(raw, subgroup_size)
    cp, cpk = _indices(mean, within, low, high)
    pp, ppk = _indices(mean, overall, low, high)
    return Capability(n=n, mean=mean, sigma_within=within, sigma_overall=overall,
                      cp=cp, cpk=cpk, pp=pp, ppk=ppk)


def _within(raw: np.ndarray, size: int) -> float:
    if size < 1:
        raise ValueError(f"subgroup size must be at least 1, not {size}")
    if size == 1:
        x = raw[np.isfinite(raw)]
        return float(np.abs(np.diff(x)).mean()) / D2_MOVING_RANGE_2 if x.size >= 2 else math.nan
    rows = subgroup(raw, size)
    rows = rows[np.isfinite(rows).all(axis=1)]
    if not rows.shape[0]:
        return math.nan
    return float((rows.max(axis=1) - rows.min(axis=1)).mean()) / constants(size).d2


def _indices(mean: float, sigma: float, low: float | None, high: float | None
             ) -> tuple[float | None, float | None]:
    """(Cp-like, Cpk-like) for one sigma."""
    if not (math.isfinite(sigma) and sigma > 0 and math.isfinite(mean)):
        return None, None
    spread = (high - low) / (6.0 * sigma) if low is not None and high is not None else None
    sides = []
    if high is not None:
        sides.append((high - mean) / (3.0 * sigma))
    if low is not None:
        sides.append((mean - low) / (3.0 * sigma))
    return spread, (min(sides) if sides else None)
