"""A two-parameter Weibull fitted by maximum likelihood with right-censoring.

scipy.stats.weibull_min.fit (even with CensoredData) gives no standard errors, and the
probabilities the view shows need their uncertainty; so the likelihood is maximised here with
scipy.optimize on (log shape, log scale), with its exact gradient and Hessian, and the inverse
of the observed information is the estimates' covariance. Location is fixed at 0: a machine can
fail at any operating hour after a repair.

Censoring matters: the operating hours since a machine's last failure are a lower bound on
that interval, not an interval; dropping them would make machines look less reliable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize


class FitFailed(ValueError):
    """Too little or degenerate data for a Weibull fit."""


@dataclass(frozen=True, slots=True)
class WeibullFit:
    shape: float  # k: above 1 wear-out, 1 random, below 1 early failures
    scale: float  # lambda, in the durations' unit (operating hours)
    covariance: tuple[tuple[float, float], tuple[float, float]]  # of (log k, log lambda)
    log_likelihood: float
    failures: int
    censored: int

    @property
    def mean(self) -> float:
        return self.scale * math.gamma(1 + 1 / self.shape)

    def shape_interval(self, z: float = 1.96) -> tuple[float, float]:
        se = math.sqrt(self.covariance[0][0])
        return self.shape * math.exp(-z * se), self.shape * math.exp(z * se)

    def scale_interval(self, z: float = 1.96) -> tuple[float, float]:
        se = math.sqrt(self.covariance[1][1])
        return self.scale * math.exp(-z * se), self.scale * math.exp(z * se)

    def survival(self, hours: np.ndarray | float) -> np.ndarray:
        return np.exp(-np.power(np.asarray(hours, dtype=float) / self.scale, self.shape))


def _terms(theta: np.ndarray, log_x: np.ndarray, d: np.ndarray
           ) -> tuple[float, np.ndarray, np.ndarray]:
    """Log-likelihood, gradient and Hessian in (a, b) = (log k, log lambda)."""
    a, b = theta
    k = math.exp(a)
    u = log_x - b
    z = np.exp(np.clip(k * u, -700, 700))
    n_fail = d.sum()
    ll = float(np.sum(d * (a - b + (k - 1) * u)) - z.sum())
    ga = n_fail + k * np.sum(u * (d - z))
    gb = k * np.sum(z - d)
    haa = k * np.sum(u * (d - z)) - k * k * np.sum(u * u * z)
    hab = k * np.sum(z - d) + k * k * np.sum(u * z)
    hbb = -k * k * z.sum()
    return ll, np.array([ga, gb]), np.array([[haa, hab], [hab, hbb]])


def fit_weibull(durations: Sequence[float], observed: Sequence[bool]) -> WeibullFit:
    """Durations (> 0) with whether each ended in a failure (False: censored)."""
    x = np.asarray(durations, dtype=float)
    d = np.asarray(observed, dtype=float)
    keep = x > 0
    x, d = x[keep], d[keep]
    failures = int(d.sum())
    if failures < 2 or np.unique(x[d > 0]).size < 2:
        raise FitFailed("a Weibull fit needs at least two different failure times")
    log_x = np.log(x)
    start = np.array([0.0, math.log(x.sum() / failures)])  # exponential: the MTBF

    def negative(theta: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad, _ = _terms(theta, log_x, d)
        return -ll, -grad

    result = minimize(negative, start, jac=True,
                      hess=lambda theta: -_terms(theta, log_x, d)[2], method="trust-exact")
    if not result.success and np.linalg.norm(result.jac) > 1e-4 * max(failures, 1):
        raise FitFailed(f"the Weibull likelihood did not converge: {result.message}")
    ll, _, hessian = _terms(result.x, log_x, d)
    try:
        cov = np.linalg.inv(-hessian)
    except np.linalg.LinAlgError as error:
        raise FitFailed("the Weibull fit is degenerate") from error
    if not np.all(np.isfinite(cov)) or cov[0, 0] <= 0 or cov[1, 1] <= 0:
        raise FitFailed("the Weibull fit is degenerate")
    return WeibullFit(shape=math.exp(result.x[0]), scale=math.exp(result.x[1]),
                      covariance=((float(cov[0, 0]), float(cov[0, 1])),
                                  (float(cov[1, 0]), float(cov[1, 1]))),
                      log_likelihood=ll, failures=failures, censored=int((1 - d).sum()))


def conditional_failure(shape: np.ndarray | float, scale: np.ndarray | float, age: float,
                        ahead: float) -> np.ndarray:
    """P(failure within `ahead` more hours | survived `age` hours); vectorised over the
    parameters so sampled parameter sets give an interval."""
    k, lam = np.asarray(shape, dtype=float), np.asarray(scale, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        hazard = np.power((age + ahead) / lam, k) - np.power(age / lam, k)
    # Far beyond the scale both terms overflow (inf - inf): failure is then all but certain.
    return -np.expm1(-np.nan_to_num(hazard, nan=np.inf))


def hours_to_threshold(fit: WeibullFit, age: float, threshold: float) -> float:
    """Operating hours from `age` until the chance of having failed since now reaches
    `threshold`: S(age + x) / S(age) = 1 - threshold, solved in closed form."""
    target = (age / fit.scale) ** fit.shape - math.log1p(-threshold)
    return max(fit.scale * target ** (1 / fit.shape) - age, 0.0)
