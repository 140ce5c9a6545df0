"""Control charts: X̄-R, X̄-S, I-MR for measurements; p, np, c, u for counts.

Conventions shared by every chart:

- Missing values (NaN, ±inf) are not plotted. `ChartSeries.point_index` maps each plotted point
  back to the observation (I, p, np, c, u), first observation (MR) or subgroup (X̄, R, S) it
  comes from, so series may be shorter than their input and than each other (MR is one shorter
  than I). Plot against `point_index`, not against the position in `values`.
- `baseline` selects, in input positions (observations or subgroup rows), the data the centre line
  and limits are estimated from; every point is plotted against them (phase I vs. phase II).
- `Limits.sigma` is the sigma of the plotted statistic at the nominal sample size, so that
  `ucl == center + 3 * sigma` whenever the limits are scalars. Limits are arrays, one per plotted
  point, only where the sample size varies (p, u, and X̄ with incomplete subgroups); then each
  point's own sigma is `(ucl - center) / 3` (LCLs are clipped at zero, UCLs never are).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from app.analytics.spc.constants import D2_MOVING_RANGE_2, column, constants


class ChartKind(StrEnum):
    XBAR_R = "xbar_r"
    XBAR_S = "xbar_s"
    I_MR = "i_mr"
    P = "p"
    NP = "np"
    C = "c"
    U = "u"


@dataclass(frozen=True, slots=True)
class Limits:
    center: float
    lcl: float | np.ndarray
    ucl: float | np.ndarray
    sigma: float


@dataclass(frozen=True, slots=True)
class ChartSeries:
    name: str
    values: np.ndarray
    limits: Limits
    point_index: np.ndarray


@dataclass(frozen=True, slots=True)
class ControlChart:
    kind: ChartKind
    primary: ChartSeries
    secondary: ChartSeries | None


def subgroup(values: np.ndarray, size: int) -> np.ndarray:
    """Consecutive values into shape (k, size); the incomplete tail is dropped."""
    if size < 1:
        raise ValueError(f"subgroup size must be at least 1, not {size}")
    flat = np.asarray(values, dtype=np.float64).ravel()
    k = flat.size // size
    return flat[: k * size].reshape(k, size)


# --- measurements -------------------------------------------------------------------------------

def xbar_r(subgroups: np.ndarray, baseline: slice | None = None) -> ControlChart:
    """X̄ and R charts: X̄ limits x̄̄ ± A2·R̄, R limits D3·R̄ .. D4·R̄.

    Only complete subgroups enter R̄ and x̄̄ and appear on the R chart (a range over fewer values
    is not comparable). An incomplete subgroup is still plotted on X̄, against limits widened to
    its size: x̄̄ ± A2(m)·d2(m)·σ̂ with σ̂ = R̄/d2(n), i.e. ±3σ̂/√m.
    """
    data, sizes, means, complete, base = _subgroup_stats(subgroups, baseline)
    width = data.shape[1]
    k = constants(width)
    rows = data[complete]
    ranges = rows.max(axis=1) - rows.min(axis=1)
    r_bar = float(ranges[base[complete]].mean())
    sigma_within = r_bar / k.d2
    return ControlChart(
        kind=ChartKind.XBAR_R,
        primary=_xbar_series(means, sizes, complete, base, width, sigma_within, "A2", "d2"),
        secondary=ChartSeries(
            name="R", values=ranges,
            limits=Limits(center=r_bar, lcl=k.D3 * r_bar, ucl=k.D4 * r_bar,
                          sigma=(k.D4 - 1.0) * r_bar / 3.0),
            point_index=np.flatnonzero(complete)),
    )


def xbar_s(subgroups: np.ndarray, baseline: slice | None = None) -> ControlChart:
    """X̄ and S charts: X̄ limits x̄̄ ± A3·s̄, S limits B3·s̄ .. B4·s̄ (s with ddof=1).

    Incomplete subgroups are treated as in `xbar_r`, with σ̂ = s̄/c4(n).
    """
    data, sizes, means, complete, base = _subgroup_stats(subgroups, baseline)
    width = data.shape[1]
    k = constants(width)
    stds = data[complete].std(axis=1, ddof=1)
    s_bar = float(stds[base[complete]].mean())
    sigma_within = s_bar / k.c4
    return ControlChart(
        kind=ChartKind.XBAR_S,
        primary=_xbar_series(means, sizes, complete, base, width, sigma_within, "A3", "c4"),
        secondary=ChartSeries(
            name="S", values=stds,
            limits=Limits(center=s_bar, lcl=k.B3 * s_bar, ucl=k.B4 * s_bar,
                          sigma=(k.B4 - 1.0) * s_bar / 3.0),
            point_index=np.flatnonzero(complete)),
    )


def i_mr(values: np.ndarray, baseline: slice | None = None) -> ControlChart:
    """Individuals and moving range (of 2): I limits x̄ ± 3·MR̄/d2, MR limits 0 .. D4·MR̄.

    Missing observations are skipped: the moving range spans the neighbouring plotted points.
    A moving range counts towards MR̄ only if both its observations are in the baseline.
    """
    raw = _as_1d(values, "values")
    index = np.flatnonzero(np.isfinite(raw))
    x = raw[index]
    in_base = _baseline_mask(raw.size, baseline)[index]
    mr = np.abs(np.diff(x))
    mr_base = in_base[:-1] & in_base[1:]
    if not mr_base.any():
        raise ValueError("the baseline needs at least two consecutive finite values")
    center = float(x[in_base].mean())
    mr_bar = float(mr[mr_base].mean())
    sigma = mr_bar / D2_MOVING_RANGE_2
    k = constants(2)
    return ControlChart(
        kind=ChartKind.I_MR,
        primary=ChartSeries(
            name="I", values=x,
            limits=Limits(center=center, lcl=center - 3.0 * sigma, ucl=center + 3.0 * sigma,
                          sigma=sigma),
            point_index=index),
        secondary=ChartSeries(
            name="MR", values=mr,
            limits=Limits(center=mr_bar, lcl=k.D3 * mr_bar, ucl=k.D4 * mr_bar,
                          sigma=(k.D4 - 1.0) * mr_bar / 3.0),
            point_index=index[:-1]),
    )


# --- counts -------------------------------------------------------------------------------------

def p_chart(defective: np.ndarray, sample_sizes: np.ndarray,
            baseline: slice | None = None) -> ControlChart:
    """Fraction defective: p̄ = Σd/Σn over the baseline, limits p̄ ± 3·√(p̄(1-p̄)/nᵢ)."""
    d, n, index, in_base = _counts_with_exposure(defective, sample_sizes, baseline, "sample size")
    if np.any(d > n):
        raise ValueError("more defectives than the sample size")
    p_bar = float(d[in_base].sum() / n[in_base].sum())
    spread = p_bar * (1.0 - p_bar)
    return _single(ChartKind.P, "p", d / n, index, p_bar,
                   point_sigma=np.sqrt(spread / n),
                   nominal_sigma=float(np.sqrt(spread / n[in_base].mean())))


def np_chart(defective: np.ndarray, sample_size: int,
             baseline: slice | None = None) -> ControlChart:
    """Number defective in samples of a constant size: n·p̄ ± 3·√(n·p̄(1-p̄))."""
    if sample_size < 1:
        raise ValueError(f"sample size must be at least 1, not {sample_size}")
    d, index, in_base = _counts(defective, baseline)
    if np.any(d > sample_size):
        raise ValueError("more defectives than the sample size")
    p_bar = float(d[in_base].mean()) / sample_size
    sigma = float(np.sqrt(sample_size * p_bar * (1.0 - p_bar)))
    return _single(ChartKind.NP, "np", d, index, sample_size * p_bar,
                   point_sigma=None, nominal_sigma=sigma)


def c_chart(defects: np.ndarray, baseline: slice | None = None) -> ControlChart:
    """Defects per inspection unit of constant size: c̄ ± 3·√c̄."""
    c, index, in_base = _counts(defects, baseline)
    c_bar = float(c[in_base].mean())
    return _single(ChartKind.C, "c", c, index, c_bar,
                   point_sigma=None, nominal_sigma=float(np.sqrt(c_bar)))


def u_chart(defects: np.ndarray, units: np.ndarray,
            baseline: slice | None = None) -> ControlChart:
    """Defects per unit with varying units inspected: ū = Σc/Σunits, ū ± 3·√(ū/unitsᵢ)."""
    c, units_, index, in_base = _counts_with_exposure(defects, units, baseline, "units")
    u_bar = float(c[in_base].sum() / units_[in_base].sum())
    return _single(ChartKind.U, "u", c / units_, index, u_bar,
                   point_sigma=np.sqrt(u_bar / units_),
                   nominal_sigma=float(np.sqrt(u_bar / units_[in_base].mean())))


# --- helpers ------------------------------------------------------------------------------------

def _as_1d(values: np.ndarray, what: str) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional, not of shape {array.shape}")
    return array


def _baseline_mask(count: int, baseline: slice | None) -> np.ndarray:
    mask = np.zeros(count, dtype=bool)
    mask[baseline if baseline is not None else slice(None)] = True
    return mask


def _subgroup_stats(subgroups: np.ndarray, baseline: slice | None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(data, finite count per row, row means, complete rows, baseline rows) of a (k, n) array."""
    data = np.asarray(subgroups, dtype=np.float64)
    if data.ndim != 2:
        raise ValueError(f"subgroups must have shape (k, n), not {data.shape}")
    constants(data.shape[1])  # rejects subgroup sizes outside the table early
    finite = np.isfinite(data)
    if finite.all():  # the common case, without the masking below
        sizes = np.full(data.shape[0], data.shape[1])
        means = data.mean(axis=1)
    else:
        sizes = finite.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(finite, data, 0.0).sum(axis=1) / sizes
    complete = sizes == data.shape[1]
    base = _baseline_mask(data.shape[0], baseline)
    if not (complete & base).any():
        raise ValueError("the baseline holds no complete subgroup")
    return data, sizes, means, complete, base


def _xbar_series(means: np.ndarray, sizes: np.ndarray, complete: np.ndarray, base: np.ndarray,
                 width: int, sigma_within: float, factor: str, unbias: str) -> ChartSeries:
    grand = float(means[complete & base].mean())
    plotted = sizes > 0
    # A2·d2 (or A3·c4) is the table's rounding of 3/√n; with it, complete subgroups get exactly
    # the textbook x̄̄ ± A2·R̄, and a single value gets ±3σ̂.
    table_row = constants(width)
    nominal = getattr(table_row, factor) * getattr(table_row, unbias)
    if complete[plotted].all():
        half: float | np.ndarray = nominal * sigma_within
    else:
        m = sizes[plotted]
        table = np.clip(m, 2, None)
        half = np.where(m >= 2, column(factor, table) * column(unbias, table), 3.0) * sigma_within
    return ChartSeries(
        name="X̄", values=means[plotted],
        limits=Limits(center=grand, lcl=grand - half, ucl=grand + half,
                      sigma=nominal * sigma_within / 3.0),
        point_index=np.flatnonzero(plotted))


def _counts(counts: np.ndarray, baseline: slice | None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    raw = _as_1d(counts, "counts")
    index = np.flatnonzero(np.isfinite(raw))
    values = raw[index]
    if np.any(values < 0):
        raise ValueError("counts cannot be negative")
    in_base = _baseline_mask(raw.size, baseline)[index]
    if not in_base.any():
        raise ValueError("the baseline holds no finite count")
    return values, index, in_base


def _counts_with_exposure(counts: np.ndarray, exposure: np.ndarray, baseline: slice | None,
                          what: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    raw = _as_1d(counts, "counts")
    size = _as_1d(exposure, what)
    if raw.shape != size.shape:
        raise ValueError(f"counts and {what} differ in length: {raw.size} and {size.size}")
    # A sample of size zero (or unknown) says nothing: it is not plotted.
    with np.errstate(invalid="ignore"):
        index = np.flatnonzero(np.isfinite(raw) & np.isfinite(size) & (size > 0))
    values, sizes = raw[index], size[index]
    if np.any(values < 0):
        raise ValueError("counts cannot be negative")
    in_base = _baseline_mask(raw.size, baseline)[index]
    if not in_base.any():
        raise ValueError(f"the baseline holds no count with a positive {what}")
    return values, sizes, index, in_base


def _single(kind: ChartKind, name: str, values: np.ndarray, index: np.ndarray, center: float,
            point_sigma: np.ndarray | None, nominal_sigma: float) -> ControlChart:
    """An attribute chart: limits vary per point when the sample size does."""
    sigma: float | np.ndarray = nominal_sigma
    if point_sigma is not None and point_sigma.size and np.ptp(point_sigma) > 0:
        sigma = point_sigma
    elif point_sigma is not None and point_sigma.size:
        sigma = float(point_sigma[0])  # constant sample size: scalar limits, as on paper
        nominal_sigma = sigma
    lcl = np.maximum(center - 3.0 * sigma, 0.0)  # a count or fraction cannot go below zero
    ucl = center + 3.0 * sigma
    if not isinstance(sigma, np.ndarray):
        lcl, ucl = float(lcl), float(ucl)
    return ControlChart(
        kind=kind,
        primary=ChartSeries(name=name, values=values,
                            limits=Limits(center=center, lcl=lcl, ucl=ucl, sigma=nominal_sigma),
                            point_index=index),
        secondary=None)
