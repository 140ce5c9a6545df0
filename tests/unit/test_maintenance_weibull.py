"""The time-to-failure model: a censored Weibull fit recovers known parameters, agrees with
scipy's own censored fit, and Kaplan-Meier takes over when failures are few."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from app.analytics.maintenance.kaplan_meier import kaplan_meier
from app.analytics.maintenance.weibull import (
    FitFailed,
    conditional_failure,
    fit_weibull,
    hours_to_threshold,
)


def censored_sample(shape: float, scale: float, n: int, seed: int,
                    censor_share: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """Weibull lifetimes; a share `censor_share` of them is watched only until a time drawn
    independently of the lifetime (as a history that ends while a machine still runs), so
    those end censored if the failure had not come yet."""
    rng = np.random.default_rng(seed)
    life = scale * rng.weibull(shape, n)
    watched_until = np.where(rng.random(n) < censor_share, rng.uniform(0, 2 * scale, n),
                             np.inf)
    return np.minimum(life, watched_until), life <= watched_until


@pytest.mark.parametrize(("shape", "scale", "seed"), [
    (1.6, 40.0, 1),  # wear-out, as a CNC lathe's tool and spindle
    (1.0, 120.0, 2),  # random faults, as a conveyor's
    (0.8, 70.0, 3),  # early failures
    (2.5, 300.0, 4),
])
def test_fit_recovers_known_parameters(shape: float, scale: float, seed: int) -> None:
    durations, observed = censored_sample(shape, scale, 600, seed)
    fit = fit_weibull(durations, observed)
    assert fit.shape == pytest.approx(shape, rel=0.10)
    assert fit.scale == pytest.approx(scale, rel=0.10)
    low, high = fit.shape_interval()
    assert low < shape < high
    low, high = fit.scale_interval()
    assert low < scale < high
    assert fit.failures == int(observed.sum()) and fit.censored == int((~observed).sum())


def test_confidence_intervals_cover_the_truth_about_95_percent_of_the_time() -> None:
    covered = 0
    runs = 200
    for seed in range(runs):
        durations, observed = censored_sample(1.5, 50.0, 80, 1000 + seed)
        low, high = fit_weibull(durations, observed).shape_interval()
        covered += low < 1.5 < high
    assert 0.90 <= covered / runs <= 0.99


def test_agrees_with_scipys_censored_fit() -> None:
    durations, observed = censored_sample(1.4, 55.0, 300, 9)
    data = stats.CensoredData(uncensored=durations[observed],
                              right=durations[~observed])
    shape, _loc, scale = stats.weibull_min.fit(data, floc=0)
    fit = fit_weibull(durations, observed)
    assert fit.shape == pytest.approx(shape, rel=1e-3)
    assert fit.scale == pytest.approx(scale, rel=1e-3)


def test_ignoring_censoring_would_understate_the_life() -> None:
    durations, observed = censored_sample(1.5, 50.0, 800, 5, censor_share=0.5)
    with_censoring = fit_weibull(durations, observed)
    failures_only = fit_weibull(durations[observed], np.ones(int(observed.sum()), bool))
    assert with_censoring.scale == pytest.approx(50.0, rel=0.1)
    assert failures_only.scale < 0.9 * with_censoring.scale


def test_too_few_or_identical_failures_are_refused() -> None:
    with pytest.raises(FitFailed):
        fit_weibull([10.0, 20.0], [True, False])
    with pytest.raises(FitFailed):
        fit_weibull([10.0, 10.0, 10.0], [True, True, True])


def test_conditional_probability_and_threshold_are_consistent() -> None:
    durations, observed = censored_sample(2.0, 100.0, 400, 6)
    fit = fit_weibull(durations, observed)
    # Exponential (shape 1): memoryless, the age does not matter.
    assert conditional_failure(1.0, 50.0, 0.0, 10.0) == pytest.approx(
        conditional_failure(1.0, 50.0, 500.0, 10.0))
    assert conditional_failure(1.0, 50.0, 0.0, 10.0) == pytest.approx(1 - math.exp(-0.2))
    # Wear-out: an older machine is likelier to fail in the same hours.
    assert conditional_failure(2.0, 100.0, 80.0, 10.0) > conditional_failure(2.0, 100.0, 10.0,
                                                                              10.0)
    ahead = hours_to_threshold(fit, 30.0, 0.5)
    assert float(conditional_failure(fit.shape, fit.scale, 30.0, ahead)) == pytest.approx(0.5)


def test_kaplan_meier_matches_a_hand_computed_table() -> None:
    # 6 intervals: failures at 3, 5, 5, 8; censored at 4 and 9.
    km = kaplan_meier([3, 4, 5, 5, 8, 9], [True, False, True, True, True, False])
    # S(3) = 5/6; S(5) = 5/6 * (1 - 2/4) = 5/12; S(8) = 5/12 * (1 - 1/2) = 5/24.
    assert km.times == (3.0, 5.0, 8.0)
    assert km.at(2.0) == 1.0
    assert km.at(4.0) == pytest.approx(5 / 6)
    assert km.at(6.0) == pytest.approx(5 / 12)
    assert km.at(8.5) == pytest.approx(5 / 24)
    assert km.at(10.0) is None  # beyond what it has seen
    assert km.conditional_failure(4.0, 2.0) == pytest.approx(1 - (5 / 12) / (5 / 6))
    assert km.hours_to_threshold(4.0, 0.5) == pytest.approx(1.0)  # at 5: half gone
