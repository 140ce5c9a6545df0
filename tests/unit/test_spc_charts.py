"""Control chart limits against hand computation from the standard constants."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.analytics.spc import (
    ChartKind,
    c_chart,
    constants,
    i_mr,
    np_chart,
    p_chart,
    subgroup,
    u_chart,
    xbar_r,
    xbar_s,
)

SUBGROUPS = np.array([
    [74.030, 74.002, 74.019, 73.992, 74.008],
    [73.995, 73.992, 74.001, 74.011, 74.004],
    [73.988, 74.024, 74.021, 74.005, 74.002],
    [74.002, 73.996, 73.993, 74.015, 74.009],
    [73.992, 74.007, 74.015, 73.989, 74.014],
    [74.009, 73.994, 73.997, 73.985, 73.993],
])


def test_constants_match_the_table_and_its_definitions() -> None:
    five = constants(5)
    assert (five.A2, five.d2, five.D3, five.D4) == (0.577, 2.326, 0.0, 2.114)
    assert (five.A3, five.c4, five.B3, five.B4) == (1.427, 0.9400, 0.0, 2.089)
    # Every row agrees, to the table's rounding, with what its columns are defined from.
    for n in range(2, 26):
        k = constants(n)
        c4 = math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))
        b = 3 * math.sqrt(1 - c4 * c4) / c4
        derived = {"c4": c4, "A2": 3 / (k.d2 * math.sqrt(n)), "A3": 3 / (c4 * math.sqrt(n)),
                   "B3": max(0.0, 1 - b), "B4": 1 + b,
                   "D3": max(0.0, 1 - 3 * k.d3 / k.d2), "D4": 1 + 3 * k.d3 / k.d2}
        # D3/D4 from the rounded d2 and d3 drift a little further than one table digit.
        tolerance = {"c4": 6e-5, "A2": 1.5e-3, "A3": 1e-3, "B3": 1e-3, "B4": 1e-3,
                     "D3": 2.5e-3, "D4": 2.5e-3}
        for name, value in derived.items():
            assert abs(getattr(k, name) - value) < tolerance[name], (n, name)


def test_d2_is_the_expected_range_of_normal_samples() -> None:
    x = np.linspace(-10.0, 10.0, 20001)
    phi = 0.5 * (1.0 + np.array([math.erf(v / math.sqrt(2.0)) for v in x]))
    for n in range(2, 26):
        expected_range = np.sum(1.0 - phi**n - (1.0 - phi) ** n) * (x[1] - x[0])
        assert constants(n).d2 == pytest.approx(expected_range, abs=6e-4)


def test_constants_outside_the_table_are_refused() -> None:
    for n in (1, 26):
        with pytest.raises(ValueError):
            constants(n)
    with pytest.raises(ValueError):
        xbar_r(np.zeros((4, 1)))


def test_xbar_r_limits() -> None:
    chart = xbar_r(SUBGROUPS)
    k = constants(5)
    means = SUBGROUPS.mean(axis=1)
    ranges = SUBGROUPS.max(axis=1) - SUBGROUPS.min(axis=1)
    x_bar, r_bar = means.mean(), ranges.mean()
    assert chart.kind is ChartKind.XBAR_R
    xbar, r = chart.primary, chart.secondary
    assert (xbar.name, r.name) == ("X̄", "R")
    np.testing.assert_allclose(xbar.values, means)
    np.testing.assert_allclose(r.values, ranges)
    assert xbar.limits.center == pytest.approx(x_bar)
    assert xbar.limits.ucl == pytest.approx(x_bar + k.A2 * r_bar)
    assert xbar.limits.lcl == pytest.approx(x_bar - k.A2 * r_bar)
    assert xbar.limits.sigma == pytest.approx(k.A2 * r_bar / 3)
    assert r.limits.center == pytest.approx(r_bar)
    assert r.limits.ucl == pytest.approx(k.D4 * r_bar)
    assert r.limits.lcl == pytest.approx(k.D3 * r_bar)
    assert r.limits.sigma == pytest.approx((k.D4 - 1) * r_bar / 3)
    assert isinstance(xbar.limits.ucl, float) and isinstance(r.limits.lcl, float)
    np.testing.assert_array_equal(xbar.point_index, np.arange(6))
    np.testing.assert_array_equal(r.point_index, np.arange(6))
    assert xbar.values.dtype == np.float64


def test_xbar_s_limits() -> None:
    chart = xbar_s(SUBGROUPS)
    k = constants(5)
    means = SUBGROUPS.mean(axis=1)
    stds = SUBGROUPS.std(axis=1, ddof=1)
    x_bar, s_bar = means.mean(), stds.mean()
    assert chart.kind is ChartKind.XBAR_S
    np.testing.assert_allclose(chart.secondary.values, stds)
    assert chart.secondary.name == "S"
    assert chart.primary.limits.ucl == pytest.approx(x_bar + k.A3 * s_bar)
    assert chart.primary.limits.lcl == pytest.approx(x_bar - k.A3 * s_bar)
    assert chart.secondary.limits.center == pytest.approx(s_bar)
    assert chart.secondary.limits.ucl == pytest.approx(k.B4 * s_bar)
    assert chart.secondary.limits.lcl == pytest.approx(k.B3 * s_bar)


def test_xbar_s_with_large_subgroups_has_a_positive_lcl() -> None:
    data = np.random.default_rng(3).normal(50.0, 2.0, (20, 10))
    chart = xbar_s(data)
    s_bar = data.std(axis=1, ddof=1).mean()
    assert chart.secondary.limits.lcl == pytest.approx(constants(10).B3 * s_bar)
    assert chart.secondary.limits.lcl > 0


def test_xbar_r_limits_from_a_baseline_only() -> None:
    shifted = np.vstack([SUBGROUPS, SUBGROUPS + 0.05])
    chart = xbar_r(shifted, baseline=slice(0, 6))
    reference = xbar_r(SUBGROUPS)
    assert chart.primary.limits == reference.primary.limits
    assert chart.secondary.limits == reference.secondary.limits
    assert chart.primary.values.size == 12
    assert np.all(chart.primary.values[6:] > chart.primary.limits.ucl)


def test_incomplete_subgroups_are_plotted_on_xbar_only() -> None:
    data = np.vstack([SUBGROUPS, [[74.0, np.nan, 74.01, np.nan, np.nan]], np.full((1, 5), np.nan)])
    chart = xbar_r(data)
    reference = xbar_r(SUBGROUPS)
    sigma = reference.secondary.limits.center / constants(5).d2
    xbar = chart.primary
    # Limits come from the complete subgroups; the partial one gets ±3σ̂/√2 (the table's A2·d2).
    assert xbar.limits.center == reference.primary.limits.center
    np.testing.assert_array_equal(xbar.point_index, np.arange(7))
    assert xbar.values[6] == pytest.approx(74.005)
    np.testing.assert_allclose(xbar.limits.ucl[:6], reference.primary.limits.ucl)
    k2 = constants(2)
    assert xbar.limits.ucl[6] - xbar.limits.center == pytest.approx(k2.A2 * k2.d2 * sigma)
    assert xbar.limits.sigma == reference.primary.limits.sigma
    np.testing.assert_array_equal(chart.secondary.point_index, np.arange(6))
    assert chart.secondary.limits == reference.secondary.limits
    assert xbar_s(data).primary.values.size == 7


def test_xbar_r_needs_a_complete_subgroup_in_the_baseline() -> None:
    with pytest.raises(ValueError):
        xbar_r(np.array([[1.0, np.nan], [2.0, 3.0]]), baseline=slice(0, 1))
    with pytest.raises(ValueError):
        xbar_r(np.arange(10.0))


def test_subgroup_drops_the_incomplete_tail() -> None:
    grouped = subgroup(np.arange(12.0), 5)
    assert grouped.shape == (2, 5)
    np.testing.assert_array_equal(grouped[1], [5, 6, 7, 8, 9])
    assert subgroup(np.arange(3.0), 5).shape == (0, 5)
    with pytest.raises(ValueError):
        subgroup(np.arange(3.0), 0)


def test_i_mr_limits() -> None:
    values = np.array([10.0, 12.0, 11.0, 15.0, 13.0])
    chart = i_mr(values)
    mean, mr_bar = 12.2, (2 + 1 + 4 + 2) / 4
    sigma = mr_bar / 1.128
    i, mr = chart.primary, chart.secondary
    assert chart.kind is ChartKind.I_MR and (i.name, mr.name) == ("I", "MR")
    assert i.limits.center == pytest.approx(mean)
    assert i.limits.ucl == pytest.approx(mean + 3 * sigma)
    assert i.limits.lcl == pytest.approx(mean - 3 * sigma)
    assert i.limits.sigma == pytest.approx(sigma)
    np.testing.assert_allclose(mr.values, [2, 1, 4, 2])
    assert mr.limits.center == pytest.approx(mr_bar)
    assert mr.limits.ucl == pytest.approx(constants(2).D4 * mr_bar)
    assert mr.limits.lcl == 0.0
    np.testing.assert_array_equal(i.point_index, np.arange(5))
    np.testing.assert_array_equal(mr.point_index, np.arange(4))  # first observation of each


def test_i_mr_skips_missing_observations() -> None:
    chart = i_mr(np.array([10.0, np.nan, 12.0, 11.0, np.inf, 15.0]))
    np.testing.assert_array_equal(chart.primary.point_index, [0, 2, 3, 5])
    np.testing.assert_allclose(chart.secondary.values, [2, 1, 4])
    np.testing.assert_array_equal(chart.secondary.point_index, [0, 2, 3])
    assert chart.primary.limits.center == pytest.approx(12.0)


def test_i_mr_baseline() -> None:
    values = np.array([10.0, 12.0, 11.0, 15.0, 13.0, 30.0, 31.0])
    chart = i_mr(values, baseline=slice(0, 5))
    assert chart.primary.limits == i_mr(values[:5]).primary.limits
    assert chart.secondary.limits == i_mr(values[:5]).secondary.limits
    with pytest.raises(ValueError):
        i_mr(values, baseline=slice(0, 1))


def test_p_chart_with_varying_sample_sizes() -> None:
    defective = np.array([2.0, 3.0, 5.0, 1.0])
    sizes = np.array([50.0, 100.0, 100.0, 0.0])  # an empty sample is not plotted
    chart = p_chart(defective, sizes)
    p_bar = 10 / 250
    p = chart.primary
    assert chart.kind is ChartKind.P and chart.secondary is None
    np.testing.assert_allclose(p.values, [0.04, 0.03, 0.05])
    np.testing.assert_array_equal(p.point_index, [0, 1, 2])
    assert p.limits.center == pytest.approx(p_bar)
    spread = np.sqrt(p_bar * (1 - p_bar) / np.array([50.0, 100.0, 100.0]))
    np.testing.assert_allclose(p.limits.ucl, p_bar + 3 * spread)
    np.testing.assert_allclose(p.limits.lcl, np.maximum(p_bar - 3 * spread, 0.0))
    assert p.limits.sigma == pytest.approx(np.sqrt(p_bar * (1 - p_bar) / (250 / 3)))


def test_p_chart_with_a_constant_sample_size_has_scalar_limits() -> None:
    chart = p_chart(np.array([4.0, 6.0, 5.0]), np.full(3, 200.0))
    p_bar = 15 / 600
    sigma = math.sqrt(p_bar * (1 - p_bar) / 200)
    assert chart.primary.limits.ucl == pytest.approx(p_bar + 3 * sigma)
    assert chart.primary.limits.lcl == 0.0
    assert chart.primary.limits.sigma == pytest.approx(sigma)
    with pytest.raises(ValueError):
        p_chart(np.array([5.0]), np.array([4.0]))


def test_np_chart() -> None:
    chart = np_chart(np.array([1.0, 2.0, 3.0, 2.0]), 50)
    p_bar = 2 / 50
    sigma = math.sqrt(50 * p_bar * (1 - p_bar))
    limits = chart.primary.limits
    assert chart.kind is ChartKind.NP and chart.primary.name == "np"
    assert limits.center == pytest.approx(2.0)
    assert limits.sigma == pytest.approx(sigma)
    assert limits.ucl == pytest.approx(2.0 + 3 * sigma)
    assert limits.lcl == 0.0


def test_c_chart() -> None:
    chart = c_chart(np.array([3.0, 5.0, 4.0, 8.0, np.nan, 40.0]), baseline=slice(0, 4))
    limits = chart.primary.limits
    assert limits.center == pytest.approx(5.0)
    assert limits.ucl == pytest.approx(5 + 3 * math.sqrt(5))
    assert limits.lcl == 0.0
    np.testing.assert_array_equal(chart.primary.point_index, [0, 1, 2, 3, 5])
    big = c_chart(np.array([100.0, 110.0, 90.0])).primary.limits
    assert big.lcl == pytest.approx(100 - 30)
    with pytest.raises(ValueError):
        c_chart(np.array([1.0, -1.0]))


def test_u_chart() -> None:
    defects = np.array([4.0, 6.0, 10.0])
    units = np.array([2.0, 3.0, 5.0])
    chart = u_chart(defects, units)
    u_bar = 20 / 10
    np.testing.assert_allclose(chart.primary.values, [2.0, 2.0, 2.0])
    np.testing.assert_allclose(chart.primary.limits.ucl, u_bar + 3 * np.sqrt(u_bar / units))
    np.testing.assert_allclose(chart.primary.limits.lcl,
                               np.maximum(u_bar - 3 * np.sqrt(u_bar / units), 0.0))
    assert chart.primary.limits.lcl[0] == 0.0 < chart.primary.limits.lcl[2]
    assert chart.primary.limits.sigma == pytest.approx(math.sqrt(u_bar / (10 / 3)))
    with pytest.raises(ValueError):
        u_chart(defects, units[:2])
